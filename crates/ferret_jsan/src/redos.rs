//! Regular expressions with exponential backtracking that are applied to a value that is not a
//! constant: a regex literal (or `new RegExp` / `RegExp` of a constant string) whose pattern is
//! exponentially ambiguous ([`crate::ambiguity`]), used directly or through the variable,
//! property or field it is stored in (`re.test(s)`, `re.exec(s)`, `s.match(re)`,
//! `s.replace(re, ...)`, `s.split(re)`, `s.search(re)`, `s.matchAll(re)`).

use ferret_core::Span;
use tree_sitter::Node;

use crate::regex_syntax::{Flags, parse};
use crate::syntax::{descendants, is_constant, last_name, string_value, text, unwrap};
use crate::{Check, Defect, TraceEvent, ambiguity};

const RECEIVER_METHODS: [&str; 2] = ["test", "exec"];
const ARGUMENT_METHODS: [&str; 6] = [
    "match",
    "matchAll",
    "replace",
    "replaceAll",
    "search",
    "split",
];

/// A constant regular expression in the file: its node, pattern and flags.
struct Literal<'t> {
    node: Node<'t>,
    pattern: String,
    flags: String,
}

fn literal<'t>(n: Node<'t>, src: &[u8]) -> Option<Literal<'t>> {
    match n.kind() {
        "regex" => Some(Literal {
            node: n,
            pattern: text(n.child_by_field_name("pattern")?, src).to_string(),
            flags: n
                .child_by_field_name("flags")
                .map(|f| text(f, src).to_string())
                .unwrap_or_default(),
        }),
        "new_expression" | "call_expression" => {
            let callee = n
                .child_by_field_name("constructor")
                .or_else(|| n.child_by_field_name("function"))?;
            if text(unwrap(callee), src) != "RegExp" {
                return None;
            }
            let args = n.child_by_field_name("arguments")?;
            let pattern = string_value(args.named_child(0)?, src)?;
            let flags = match args.named_child(1) {
                Some(f) => string_value(f, src)?,
                None => String::new(),
            };
            Some(Literal {
                node: n,
                pattern,
                flags,
            })
        }
        _ => None,
    }
}

/// The ReDoS defects of a file.
pub(crate) fn find(root: Node<'_>, src: &[u8]) -> Vec<Defect> {
    let nodes = descendants(root);
    let mut out = Vec::new();
    for n in &nodes {
        let Some(lit) = literal(*n, src) else {
            continue;
        };
        let Ok(re) = parse(&lit.pattern, Flags::parse(&lit.flags)) else {
            continue;
        };
        let Some(amb) = ambiguity::exponential(&re) else {
            continue;
        };
        let Some(use_site) = use_on_input(lit.node, &nodes, src) else {
            continue;
        };
        let blamed = lit
            .pattern
            .get(amb.span.0..amb.span.1)
            .unwrap_or(&lit.pattern);
        out.push(Defect {
            check: Check::Redos,
            span: Span::new(lit.node.start_byte(), lit.node.end_byte()),
            message: format!(
                "the repetition `{blamed}` can match the same text in exponentially many ways, \
                 so a crafted string makes matching take exponential time"
            ),
            trace: vec![TraceEvent {
                span: Span::new(use_site.start_byte(), use_site.end_byte()),
                note: "applied to a value that is not a constant".to_string(),
            }],
        });
    }
    out
}

/// A call that applies the regex at `node` to a non-constant string, directly or through the
/// name it is stored in.
fn use_on_input<'t>(node: Node<'t>, nodes: &[Node<'t>], src: &[u8]) -> Option<Node<'t>> {
    if let Some(call) = applied(node, src) {
        return Some(call);
    }
    let name = stored_name(node, src)?;
    nodes.iter().find_map(|n| {
        let is_ref = match n.kind() {
            "identifier" | "property_identifier" => text(*n, src) == name,
            _ => false,
        };
        if !is_ref {
            return None;
        }
        // `this.re` or `obj.re`: the member expression is the regex value.
        let value = match n.parent() {
            Some(p)
                if p.kind() == "member_expression"
                    && p.child_by_field_name("property") == Some(*n) =>
            {
                p
            }
            _ => *n,
        };
        applied(value, src)
    })
}

/// The name a regex is stored in: `const NAME = /re/`, `x.NAME = /re/`, `{ NAME: /re/ }`, a
/// class field `NAME = /re/`.
fn stored_name(node: Node<'_>, src: &[u8]) -> Option<String> {
    let mut n = node;
    while let Some(p) = n.parent() {
        if p.kind() == "parenthesized_expression" {
            n = p;
            continue;
        }
        let name = match p.kind() {
            "variable_declarator" if p.child_by_field_name("value") == Some(n) => p
                .child_by_field_name("name")
                .map(|x| text(x, src).to_string()),
            "assignment_expression" if p.child_by_field_name("right") == Some(n) => {
                p.child_by_field_name("left").map(|l| last_name(l, src))
            }
            "pair" if p.child_by_field_name("value") == Some(n) => p
                .child_by_field_name("key")
                .map(|k| text(k, src).trim_matches(['"', '\'']).to_string()),
            "public_field_definition" | "field_definition" => p
                .child_by_field_name("name")
                .or_else(|| p.child_by_field_name("property"))
                .map(|k| text(k, src).to_string()),
            _ => None,
        };
        return name.filter(|s| !s.is_empty());
    }
    None
}

/// The call that applies the regex value `v` to a non-constant subject, if `v` is used so.
fn applied<'t>(v: Node<'t>, src: &[u8]) -> Option<Node<'t>> {
    let mut v = v;
    while let Some(p) = v
        .parent()
        .filter(|p| p.kind() == "parenthesized_expression")
    {
        v = p;
    }
    let parent = v.parent()?;
    match parent.kind() {
        // `re.test(s)`, `re.exec(s)`
        "member_expression" if parent.child_by_field_name("object") == Some(v) => {
            let method = text(parent.child_by_field_name("property")?, src);
            let call = parent.parent().filter(|c| c.kind() == "call_expression")?;
            let subject = call.child_by_field_name("arguments")?.named_child(0)?;
            (RECEIVER_METHODS.contains(&method) && !is_constant(subject)).then_some(call)
        }
        // `s.match(re)`, `s.replace(re, f)`, ...
        "arguments" if parent.named_child(0) == Some(v) => {
            let call = parent.parent().filter(|c| c.kind() == "call_expression")?;
            let callee = unwrap(call.child_by_field_name("function")?);
            if callee.kind() != "member_expression" {
                return None;
            }
            let method = text(callee.child_by_field_name("property")?, src);
            let subject = callee.child_by_field_name("object")?;
            (ARGUMENT_METHODS.contains(&method) && !is_constant(subject)).then_some(call)
        }
        _ => None,
    }
}
