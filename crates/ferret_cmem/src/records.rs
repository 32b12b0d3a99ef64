//! The `struct` and `union` types defined in a translation unit, with the shape of their fields,
//! so that a field can be told apart as an array (whose name is an address, not a read) or a
//! scalar, and a union (whose members share storage) is never tracked member by member.

use std::collections::HashMap;

use tree_sitter::Node;

use crate::syntax::text;
use crate::types::{VarInfo, declarator_info, type_node_size};

/// One record type.
#[derive(Debug, Clone, Default)]
pub(crate) struct Record {
    /// A `union`.
    pub union: bool,
    /// Fields by name.
    pub fields: HashMap<String, VarInfo>,
}

/// Deepest nesting followed.
const MAX_DEPTH: usize = 64;

/// The record types of a unit, by tag and by typedef name.
pub(crate) fn records(
    root: Node<'_>,
    src: &[u8],
    defines: &HashMap<String, i64>,
) -> HashMap<String, Record> {
    let mut out = HashMap::new();
    let mut stack = vec![(root, 0usize)];
    while let Some((n, depth)) = stack.pop() {
        match n.kind() {
            "struct_specifier" | "union_specifier" => {
                if let Some(r) = record(n, src, defines)
                    && let Some(tag) = n.child_by_field_name("name")
                {
                    out.insert(text(tag, src).to_string(), r);
                }
            }
            "type_definition" => {
                if let Some(t) = n.child_by_field_name("type") {
                    let r = if matches!(t.kind(), "struct_specifier" | "union_specifier") {
                        record(t, src, defines).or_else(|| {
                            t.child_by_field_name("name")
                                .and_then(|tag| out.get(text(tag, src)).cloned())
                        })
                    } else {
                        None
                    };
                    if let Some(r) = r {
                        let mut w = n.walk();
                        for d in n.children_by_field_name("declarator", &mut w) {
                            if d.kind() == "type_identifier" {
                                out.insert(text(d, src).to_string(), r.clone());
                            }
                        }
                    }
                }
            }
            "function_definition" => continue,
            _ => {}
        }
        if depth < MAX_DEPTH {
            let mut w = n.walk();
            stack.extend(n.named_children(&mut w).map(|c| (c, depth + 1)));
        }
    }
    out
}

/// The fields of a `struct` / `union` specifier with a body.
fn record(n: Node<'_>, src: &[u8], defines: &HashMap<String, i64>) -> Option<Record> {
    let body = n.child_by_field_name("body")?;
    let mut r = Record {
        union: n.kind() == "union_specifier",
        fields: HashMap::new(),
    };
    let mut w = body.walk();
    for f in body.named_children(&mut w) {
        if f.kind() != "field_declaration" {
            continue;
        }
        let ty = f.child_by_field_name("type");
        let base = ty.and_then(|t| type_node_size(t, src));
        let type_name = ty.and_then(|t| crate::types::type_name(t, src));
        let mut w2 = f.walk();
        for d in f.children_by_field_name("declarator", &mut w2) {
            if let Some((name, mut info)) = declarator_info(d, base, src, defines) {
                info.type_name = type_name.clone();
                info.base = crate::types::base_kind(ty, base);
                r.fields.insert(name.to_string(), info);
            }
        }
    }
    Some(r)
}
