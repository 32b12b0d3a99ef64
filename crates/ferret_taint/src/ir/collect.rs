//! File-level collectors: constants (fields and globals with a literal initialiser that
//! nothing reassigns) and the class fields and top-level variables a file declares.

use std::collections::HashMap;

use ferret_lang::{FlowKinds, Language};
use tree_sitter::Node;

use super::function::enclosing_class;
use super::literals::literal;
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

/// Class fields and top-level variables: every declared name outside function bodies.
pub(crate) fn collect_fields(
    flow: &FlowKinds,
    root: Node<'_>,
    src: &[u8],
    out: &mut std::collections::HashSet<String>,
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
                    Some(cls) => out.insert(format!("{cls}.{t}")),
                    None => out.insert(t),
                };
            }
        }
        for ch in x.named_children(&mut c) {
            stack.push(ch);
        }
    }
}
