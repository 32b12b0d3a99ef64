//! File-level collectors: constants (fields and globals with a literal initialiser that
//! nothing reassigns) and the class fields and top-level variables a file declares.

use std::collections::HashMap;

use ferret_lang::{FlowKinds, Language};
use tree_sitter::Node;

use super::function::enclosing_class;
use super::literals::literal;
use super::lower::type_name;
use super::{Const, FuncIr};

pub(crate) fn collect_consts(
    lang: Language,
    root: Node<'_>,
    src: &[u8],
    _module: &FuncIr,
    out: &mut HashMap<String, Const>,
) {
    let flow = &lang.syntax().flow;
    let mut stack = vec![root];
    let mut c = root.walk();
    while let Some(x) = stack.pop() {
        let k = x.kind();
        if flow.is_function(k) {
            continue;
        }
        if flow.const_declarators.contains(&k) {
            let name = x
                .child_by_field_name("name")
                .or_else(|| x.child_by_field_name("declarator"))
                .or_else(|| x.child_by_field_name("left"));
            let value = x
                .child_by_field_name("value")
                .or_else(|| x.child_by_field_name("right"));
            if let (Some(nm), Some(v)) = (name, value) {
                let v = if flow.expression_lists.contains(&v.kind())
                    || flow.value_clauses.contains(&v.kind())
                {
                    v.named_child(0).unwrap_or(v)
                } else {
                    v
                };
                if let Some(cst) = literal(lang, v, src) {
                    let mut nm = nm;
                    while let Some(d) = nm.child_by_field_name("declarator") {
                        nm = d;
                    }
                    let t = String::from_utf8_lossy(&src[nm.start_byte()..nm.end_byte()])
                        .trim_start_matches('*')
                        .trim()
                        .to_string();
                    if let Some(cls) = enclosing_class(flow, x, src) {
                        out.insert(format!("{cls}.{t}"), cst.clone());
                    }
                    out.insert(t, cst);
                }
            }
        }
        for ch in x.named_children(&mut c) {
            stack.push(ch);
        }
    }
}

/// Class fields and top-level variables: every declared name outside function bodies, and
/// the declared class of typed class fields (`private Repo repo;` → `A.repo: Repo`).
pub(crate) fn collect_fields(
    flow: &FlowKinds,
    root: Node<'_>,
    src: &[u8],
    out: &mut std::collections::HashSet<String>,
    types: &mut HashMap<String, String>,
) {
    let mut stack = vec![root];
    let mut c = root.walk();
    while let Some(x) = stack.pop() {
        let k = x.kind();
        if flow.is_function(k) {
            continue;
        }
        if flow.field_declarators.contains(&k) {
            let mut name = x
                .child_by_field_name("name")
                .or_else(|| x.child_by_field_name("declarator"))
                .or_else(|| x.child_by_field_name("left"));
            while let Some(d) = name.and_then(|n| n.child_by_field_name("declarator")) {
                name = Some(d);
            }
            if let Some(nm) = name
                && flow.field_names.contains(&nm.kind())
            {
                let t = String::from_utf8_lossy(&src[nm.start_byte()..nm.end_byte()])
                    .trim_start_matches('$')
                    .to_string();
                match enclosing_class(flow, x, src) {
                    Some(cls) => {
                        let typed = x
                            .child_by_field_name("type")
                            .or_else(|| x.parent().and_then(|p| p.child_by_field_name("type")))
                            .and_then(|ty| {
                                type_name(&String::from_utf8_lossy(&src[ty.byte_range()]))
                            });
                        if let Some(ty) = typed {
                            types.insert(format!("{cls}.{t}"), ty);
                        }
                        out.insert(format!("{cls}.{t}"))
                    }
                    None => out.insert(t),
                };
            }
        }
        for ch in x.named_children(&mut c) {
            stack.push(ch);
        }
    }
}

/// Words of a class header that name no supertype.
const HEADER_WORDS: &[&str] = &[
    "extends",
    "implements",
    "public",
    "private",
    "protected",
    "internal",
    "open",
    "abstract",
    "final",
    "sealed",
    "class",
    "interface",
    "struct",
    "object",
    "where",
    "for",
    "impl",
    "with",
    "val",
    "var",
    "virtual",
    "dyn",
    "static",
    "data",
];

/// The supertypes a class header names: every name in the header outside type arguments,
/// call arguments (`Base(x)`) and keyword arguments (`metaclass=M`), by its last segment.
fn header_supers(header: &str) -> Vec<String> {
    let mut kept = String::new();
    let (mut angle, mut paren) = (0u32, 0u32);
    let mut prev = ' ';
    for c in header.chars() {
        match c {
            '<' => angle += 1,
            '>' if angle > 0 => angle -= 1,
            '(' if paren > 0 || prev.is_alphanumeric() || prev == '_' => paren += 1,
            ')' if paren > 0 => paren -= 1,
            _ if angle == 0 && paren == 0 => kept.push(c),
            _ => {}
        }
        if !c.is_whitespace() {
            prev = c;
        }
    }
    let mut out = Vec::new();
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | ':' | '\\' | '$');
    let mut rest = kept.as_str();
    while let Some(start) = rest.find(is_word) {
        let tail = &rest[start..];
        let end = tail.find(|c: char| !is_word(c)).unwrap_or(tail.len());
        let word = tail[..end].trim_matches([':', '.']);
        rest = &tail[end..];
        if rest.trim_start().starts_with('=') {
            continue;
        }
        let last = word.rsplit(['.', ':', '\\']).next().unwrap_or(word);
        if last.starts_with(|c: char| c.is_alphabetic() || c == '_')
            && !HEADER_WORDS.contains(&last)
        {
            out.push(last.to_string());
        }
    }
    out
}

/// The classes a file defines and the supertypes each header names (a Rust `impl T for S`
/// makes `T` a supertype of `S`).
pub(crate) fn collect_classes(
    flow: &FlowKinds,
    root: Node<'_>,
    src: &[u8],
    out: &mut HashMap<String, Vec<String>>,
) {
    let mut stack = vec![root];
    let mut c = root.walk();
    while let Some(x) = stack.pop() {
        if flow.is_class(x.kind())
            && let Some(name) = x
                .child_by_field_name("name")
                .or_else(|| x.child_by_field_name("type"))
        {
            let text = |n: Node<'_>| String::from_utf8_lossy(&src[n.byte_range()]).into_owned();
            let cls = text(name);
            let cls = cls.split('<').next().unwrap_or(&cls).trim().to_string();
            // The header: from the name to the body, without type and constructor parameters.
            let kids: Vec<Node<'_>> = x.named_children(&mut c).collect();
            let body_start = x
                .child_by_field_name("body")
                .or_else(|| {
                    kids.iter().copied().find(|k| {
                        flow.bodies.contains(&k.kind())
                            || flow.class_blocks.contains(&k.kind())
                            || flow.member_containers.contains(&k.kind())
                    })
                })
                .map_or(x.end_byte(), |b| b.start_byte());
            let mut header = String::new();
            for ch in kids {
                let skip = ch.id() == name.id()
                    || ch.start_byte() < name.end_byte()
                    || ch.end_byte() > body_start
                    || flow.comments.contains(&ch.kind())
                    || flow.modifier_lists.contains(&ch.kind())
                    || flow.parameter_lists.contains(&ch.kind())
                    || {
                        let mut w = ch.walk();
                        ch.named_children(&mut w).any(|g| {
                            flow.parameter_groups.contains(&g.kind())
                                || flow.parameters.contains(&g.kind())
                        })
                    }
                    || x.child_by_field_name("type_parameters")
                        .is_some_and(|t| t.id() == ch.id());
                if !skip {
                    header.push_str(&text(ch));
                    header.push(' ');
                }
            }
            let supers = out.entry(cls.clone()).or_default();
            for s in header_supers(&header) {
                if s != cls && !supers.contains(&s) {
                    supers.push(s);
                }
            }
        }
        for ch in x.named_children(&mut c) {
            stack.push(ch);
        }
    }
}
