//! Small helpers over the tree-sitter C/C++ syntax tree: node text, parentheses and casts, names of
//! called functions, and the memory-object key of an lvalue (`p`, `s.f`, `p->f`, `a[0]`).

use tree_sitter::Node;

/// The source text of `n`.
pub(crate) fn text<'a>(n: Node<'_>, src: &'a [u8]) -> &'a str {
    std::str::from_utf8(&src[n.start_byte()..n.end_byte()]).unwrap_or("")
}

/// `n` without enclosing parentheses and casts.
pub(crate) fn strip(mut n: Node<'_>) -> Node<'_> {
    loop {
        match n.kind() {
            "parenthesized_expression" => match n.named_child(0) {
                Some(c) if n.named_child_count() == 1 => n = c,
                _ => return n,
            },
            "cast_expression" => match n.child_by_field_name("value") {
                Some(c) => n = c,
                None => return n,
            },
            _ => return n,
        }
    }
}

/// The name of the function a `call_expression` calls, if it is a plain or qualified identifier.
pub(crate) fn callee_name<'a>(call: Node<'_>, src: &'a [u8]) -> Option<&'a str> {
    let f = strip(call.child_by_field_name("function")?);
    match f.kind() {
        "identifier" => Some(text(f, src)),
        "qualified_identifier" => {
            let t = text(f, src);
            Some(t.rsplit("::").next().unwrap_or(t))
        }
        _ => None,
    }
}

/// The named arguments of a call.
pub(crate) fn call_args(call: Node<'_>) -> Vec<Node<'_>> {
    let Some(list) = call.child_by_field_name("arguments") else {
        return Vec::new();
    };
    let mut cur = list.walk();
    list.named_children(&mut cur)
        .filter(|c| c.kind() != "comment")
        .collect()
}

/// The operator token of a binary, unary, update, assignment or field expression.
pub(crate) fn operator<'a>(n: Node<'_>, src: &'a [u8]) -> &'a str {
    match n.child_by_field_name("operator") {
        Some(o) => text(o, src),
        None => "",
    }
}

/// The declared name inside a declarator (`*p`, `a[3]`, `p = x`, `(*f)(int)`), if any.
pub(crate) fn declarator_name<'a>(mut d: Node<'_>, src: &'a [u8]) -> Option<&'a str> {
    for _ in 0..64 {
        match d.kind() {
            "identifier" | "field_identifier" => return Some(text(d, src)),
            _ => {
                d = d
                    .child_by_field_name("declarator")
                    .or_else(|| d.named_child(0))?;
            }
        }
    }
    None
}

/// The memory-object key of an lvalue expression, when it can be named: a variable `p`, a field
/// `s.f` / `p->f`, or an element with a constant index `a[0]` (the index must be a literal).
/// Unknown indexes give `a[?]`, the "some element" object.
pub(crate) fn object_key(n: Node<'_>, src: &[u8]) -> Option<String> {
    object_key_depth(n, src, 0)
}

fn object_key_depth(n: Node<'_>, src: &[u8], depth: usize) -> Option<String> {
    if depth > 16 {
        return None;
    }
    let n = strip(n);
    match n.kind() {
        "identifier" => Some(text(n, src).to_string()),
        "this" => Some("this".to_string()),
        "field_expression" => {
            let base = object_key_depth(n.child_by_field_name("argument")?, src, depth + 1)?;
            let field = text(n.child_by_field_name("field")?, src);
            let op = operator(n, src);
            let op = if op.is_empty() {
                if text(n, src).contains("->") {
                    "->"
                } else {
                    "."
                }
            } else {
                op
            };
            Some(format!("{base}{op}{field}"))
        }
        "subscript_expression" => {
            let base = object_key_depth(n.child_by_field_name("argument")?, src, depth + 1)?;
            let idx = strip(subscript_index(n)?);
            let idx_text = if idx.kind() == "number_literal" {
                text(idx, src).to_string()
            } else {
                "?".to_string()
            };
            Some(format!("{base}[{idx_text}]"))
        }
        "pointer_expression" if operator(n, src) == "*" => {
            let base = object_key_depth(n.child_by_field_name("argument")?, src, depth + 1)?;
            Some(format!("{base}[0]"))
        }
        _ => None,
    }
}

/// Whether `key` names `base` itself or an object reached through it (`base.f`, `base->f`,
/// `base[0]`).
pub(crate) fn is_within(key: &str, base: &str) -> bool {
    key == base
        || key.strip_prefix(base).is_some_and(|rest| {
            rest.starts_with('.') || rest.starts_with("->") || rest.starts_with('[')
        })
}

/// The index of a subscript: C's `index` field, or the first expression of C++'s `indices`.
pub(crate) fn subscript_index(n: Node<'_>) -> Option<Node<'_>> {
    if let Some(i) = n.child_by_field_name("index") {
        return Some(i);
    }
    let list = n.child_by_field_name("indices")?;
    list.named_child(0)
}
