//! Small helpers over the tree-sitter JavaScript and TypeScript trees: text, functions and their
//! parameters and names, string values.

use tree_sitter::Node;

/// The source text of a node.
pub(crate) fn text<'a>(n: Node<'_>, src: &'a [u8]) -> &'a str {
    std::str::from_utf8(&src[n.byte_range()]).unwrap_or("")
}

/// Whether the node is a function with a body of its own.
pub(crate) fn is_function(n: Node<'_>) -> bool {
    matches!(
        n.kind(),
        "function_declaration"
            | "function_expression"
            | "function"
            | "generator_function_declaration"
            | "generator_function"
            | "arrow_function"
            | "method_definition"
    )
}

/// Every node of the subtree, in document order (the root first).
pub(crate) fn descendants(root: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let mut cursor = root.walk();
    loop {
        out.push(cursor.node());
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.node() == root {
                return out;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return out;
            }
        }
    }
}

/// Strips parentheses and TypeScript's type-only wrappers (`x as T`, `x!`, `<T>x`).
pub(crate) fn unwrap(mut n: Node<'_>) -> Node<'_> {
    loop {
        match n.kind() {
            "parenthesized_expression"
            | "as_expression"
            | "non_null_expression"
            | "satisfies_expression"
            | "type_assertion"
            | "await_expression" => match n.named_child(0) {
                Some(c) if c.kind() != "type_arguments" => n = c,
                _ => {
                    let last = n.named_child(n.named_child_count().saturating_sub(1) as u32);
                    match last {
                        Some(c) => n = c,
                        None => return n,
                    }
                }
            },
            _ => return n,
        }
    }
}

/// The parameter nodes of a function, in order, with the names each binds (destructuring binds
/// several; default values and type annotations are not names).
pub(crate) fn params<'t>(f: Node<'t>, src: &[u8]) -> Vec<(Node<'t>, Vec<String>)> {
    if let Some(p) = f.child_by_field_name("parameter") {
        return vec![(p, vec![text(p, src).to_string()])];
    }
    let Some(list) = f.child_by_field_name("parameters") else {
        return Vec::new();
    };
    let mut cursor = list.walk();
    list.named_children(&mut cursor)
        .filter(|p| p.kind() != "comment")
        .map(|p| {
            let mut names = Vec::new();
            bound_names(p, src, &mut names);
            (p, names)
        })
        .collect()
}

/// The identifiers a pattern binds.
pub(crate) fn bound_names(p: Node<'_>, src: &[u8], out: &mut Vec<String>) {
    match p.kind() {
        "identifier" | "shorthand_property_identifier_pattern" => out.push(text(p, src).into()),
        "type_annotation" | "decorator" | "accessibility_modifier" => {}
        "assignment_pattern" | "object_assignment_pattern" => {
            if let Some(l) = p.child_by_field_name("left") {
                bound_names(l, src, out);
            }
        }
        "pair_pattern" => {
            if let Some(v) = p.child_by_field_name("value") {
                bound_names(v, src, out);
            }
        }
        "required_parameter" | "optional_parameter" => {
            if let Some(v) = p.child_by_field_name("pattern") {
                bound_names(v, src, out);
            }
        }
        _ => {
            let mut cursor = p.walk();
            for c in p.named_children(&mut cursor) {
                bound_names(c, src, out);
            }
        }
    }
}

/// Whether a parameter is declared with a number type (TypeScript), so it is no property name.
pub(crate) fn numeric_param(p: Node<'_>, src: &[u8]) -> bool {
    let ty = p
        .child_by_field_name("type")
        .map(|t| text(t, src).trim_start_matches(':').trim().to_string());
    matches!(ty.as_deref(), Some("number") | Some("bigint"))
}

/// The names a function is called by: its own name, the variable, property or method it is
/// stored in.
pub(crate) fn function_names(f: Node<'_>, src: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(n) = f.child_by_field_name("name") {
        out.push(text(n, src).to_string());
    }
    let mut cur = f;
    while let Some(parent) = cur.parent() {
        match parent.kind() {
            "variable_declarator" => {
                if let Some(n) = parent.child_by_field_name("name") {
                    out.push(text(n, src).to_string());
                }
                break;
            }
            "assignment_expression" => {
                if let Some(l) = parent.child_by_field_name("left") {
                    out.push(last_name(l, src));
                }
                // `a.x = b.x = function () {}`: every name in the chain.
                cur = parent;
            }
            "pair" => {
                if let Some(k) = parent.child_by_field_name("key") {
                    out.push(text(k, src).trim_matches(['"', '\'']).to_string());
                }
                break;
            }
            "parenthesized_expression" => cur = parent,
            _ => break,
        }
    }
    out.retain(|n| !n.is_empty());
    out
}

/// `a.b.c` → `c`, `x` → `x`, `a["c"]` → `c`.
pub(crate) fn last_name(n: Node<'_>, src: &[u8]) -> String {
    let n = unwrap(n);
    match n.kind() {
        "member_expression" => n
            .child_by_field_name("property")
            .map(|p| text(p, src).to_string())
            .unwrap_or_default(),
        "subscript_expression" => n
            .child_by_field_name("index")
            .and_then(|i| string_value(i, src))
            .unwrap_or_default(),
        "identifier" | "this" => text(n, src).to_string(),
        _ => String::new(),
    }
}

/// The value of a string literal without substitutions (escapes decoded the simple way).
pub(crate) fn string_value(n: Node<'_>, src: &[u8]) -> Option<String> {
    let n = unwrap(n);
    match n.kind() {
        "string" => {}
        "template_string" if n.named_child_count() == 0 || all_fragments(n) => {}
        _ => return None,
    }
    let raw = text(n, src);
    let inner = raw.get(1..raw.len().saturating_sub(1))?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'v' => out.push('\u{b}'),
            'f' => out.push('\u{c}'),
            'b' => out.push('\u{8}'),
            '0' => out.push('\0'),
            // Hex and Unicode escapes: kept escaped, which the regex parser reads the same way.
            c @ ('x' | 'u') => {
                out.push('\\');
                out.push(c);
            }
            '\n' => {}
            other => out.push(other),
        }
    }
    Some(out)
}

fn all_fragments(n: Node<'_>) -> bool {
    let mut cursor = n.walk();
    n.named_children(&mut cursor)
        .all(|c| matches!(c.kind(), "string_fragment" | "escape_sequence"))
}

/// Whether the expression is a constant: a literal, or a template/concatenation of literals.
pub(crate) fn is_constant(n: Node<'_>) -> bool {
    let n = unwrap(n);
    match n.kind() {
        "string" | "number" | "true" | "false" | "null" | "undefined" | "regex" => true,
        "template_string" => all_fragments(n),
        "binary_expression" => {
            let l = n.child_by_field_name("left");
            let r = n.child_by_field_name("right");
            l.is_some_and(is_constant) && r.is_some_and(is_constant)
        }
        _ => false,
    }
}
