//! File-scope variables whose value never changes: a `const` object, or a `static` one with a
//! constant initialiser that nothing in the translation unit assigns, increments or takes the
//! address of (so no other file and no pointer can change it either). Branches on them
//! (`if (debugEnabled)`, `if (kMode == 5)`) are then decided, as on a literal.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use crate::syntax::{operator, strip, text};
use crate::types::const_int;

/// Deepest tree walked when looking for writes.
const MAX_DEPTH: usize = 400;

/// The constant file-scope variables of a translation unit and their values.
pub(crate) fn constants(
    root: Node<'_>,
    src: &[u8],
    defines: &HashMap<String, i64>,
    cpp: bool,
) -> HashMap<String, i64> {
    let mut candidates: HashMap<String, (i64, bool)> = HashMap::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "declaration" => candidate(n, src, defines, &mut candidates),
            "translation_unit"
            | "preproc_ifdef"
            | "preproc_if"
            | "preproc_else"
            | "preproc_elif"
            | "linkage_specification"
            | "declaration_list"
            | "namespace_definition" => {
                let mut w = n.walk();
                stack.extend(n.named_children(&mut w));
            }
            _ => {}
        }
    }
    if candidates.is_empty() {
        return HashMap::new();
    }
    // A tree too deep to search may hide a write: then only `const` objects count.
    let written = written_names(root, src, cpp);
    candidates
        .into_iter()
        .filter(|(name, (_, is_const))| {
            *is_const || written.as_ref().is_some_and(|w| !w.contains(name))
        })
        .map(|(name, (v, _))| (name, v))
        .collect()
}

/// Records the constant-initialised `const` or `static` scalars a file-scope declaration makes
/// (the flag says whether it is `const`).
fn candidate(
    n: Node<'_>,
    src: &[u8],
    defines: &HashMap<String, i64>,
    into: &mut HashMap<String, (i64, bool)>,
) {
    let mut is_static = false;
    let mut is_const = false;
    let mut is_extern = false;
    let mut w = n.walk();
    for c in n.children(&mut w) {
        match (c.kind(), text(c, src)) {
            ("storage_class_specifier", "static") => is_static = true,
            ("storage_class_specifier", "extern") => is_extern = true,
            ("type_qualifier", "const" | "constexpr") => is_const = true,
            _ => {}
        }
    }
    // `volatile` objects may change behind the program's back.
    if is_extern || (!is_static && !is_const) || text(n, src).contains("volatile") {
        return;
    }
    let mut w = n.walk();
    for d in n.children_by_field_name("declarator", &mut w) {
        if d.kind() != "init_declarator" {
            continue;
        }
        let (Some(name), Some(v)) = (
            d.child_by_field_name("declarator"),
            d.child_by_field_name("value"),
        ) else {
            continue;
        };
        // Only a plain name: `const char *p` is a pointer to constant characters.
        if name.kind() != "identifier" {
            continue;
        }
        let value = match strip(v).kind() {
            "true" => Some(1),
            "false" => Some(0),
            _ => const_int(v, src, defines),
        };
        if let Some(value) = value {
            into.insert(text(name, src).to_string(), (value, is_const));
        }
    }
}

/// Names that are assigned, incremented or decremented, or whose address is taken, anywhere;
/// in C++ also names bound to a reference or passed to a call (which may take a reference).
/// `None` when the tree is too deep to search.
fn written_names(root: Node<'_>, src: &[u8], cpp: bool) -> Option<HashSet<String>> {
    let mut out = HashSet::new();
    let mut stack = vec![(root, 0usize)];
    while let Some((n, depth)) = stack.pop() {
        let mut targets: Vec<Node<'_>> = Vec::new();
        match n.kind() {
            "assignment_expression" => targets.extend(n.child_by_field_name("left")),
            "update_expression" => targets.extend(n.child_by_field_name("argument")),
            "pointer_expression" if operator(n, src) == "&" => {
                targets.extend(n.child_by_field_name("argument"))
            }
            "init_declarator" if cpp => targets.extend(n.child_by_field_name("value")),
            "argument_list" if cpp => {
                let mut w = n.walk();
                targets.extend(n.named_children(&mut w));
            }
            _ => {}
        }
        for t in targets {
            let t = strip(t);
            if t.kind() == "identifier" {
                out.insert(text(t, src).to_string());
            }
        }
        if depth >= MAX_DEPTH {
            return None;
        }
        let mut w = n.walk();
        stack.extend(n.named_children(&mut w).map(|c| (c, depth + 1)));
    }
    Some(out)
}
