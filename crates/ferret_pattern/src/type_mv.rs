//! Typed metavariables whose type holds metavariables: `($T $X)`, `($T *$X)` (C),
//! `(List<$E> $L)`, `($P.Context $C)`, `($X : $T)` (Go). The type written for the bound code
//! (see [`crate::types::written_type`]) must have the type pattern's shape; each metavariable of
//! the type binds the part of the written type it stands for. A type the imports of the file
//! name by a longer path (`Foo` from `import org.foo.Foo`) is also tried by that path.

use std::sync::Arc;

use tree_sitter::Node;

use crate::types::{squash, written_type};

/// A type pattern read as literal text and metavariables.
enum Part {
    Text(String),
    Mv(Arc<str>),
}

fn parts(ty: &str) -> Vec<Part> {
    let b = ty.as_bytes();
    let mut out = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while i < b.len() {
        let len = name_len(&b[i + 1..]);
        if b[i] == b'$' && len > 0 {
            if !text.is_empty() {
                out.push(Part::Text(std::mem::take(&mut text)));
            }
            out.push(Part::Mv(Arc::from(&ty[i + 1..i + 1 + len])));
            i += 1 + len;
            continue;
        }
        let ch_len = ty[i..].chars().next().map_or(1, char::len_utf8);
        text.push_str(&ty[i..i + ch_len]);
        i += ch_len;
    }
    if !text.is_empty() {
        out.push(Part::Text(text));
    }
    out
}

fn name_len(b: &[u8]) -> usize {
    b.iter()
        .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || **c == b'_')
        .count()
}

/// Every way `parts` spells `s`: the text each metavariable stands for, in order.
fn splits(
    ps: &[Part],
    s: &str,
    acc: &mut Vec<(Arc<str>, String)>,
    out: &mut Vec<Vec<(Arc<str>, String)>>,
) {
    let Some((first, rest)) = ps.split_first() else {
        if s.is_empty() {
            out.push(acc.clone());
        }
        return;
    };
    match first {
        Part::Text(t) => {
            if let Some(r) = s.strip_prefix(t.as_str()) {
                splits(rest, r, acc, out);
            }
        }
        Part::Mv(name) => {
            for (end, _) in s.char_indices().skip(1).chain([(s.len(), ' ')]) {
                acc.push((name.clone(), s[..end].to_string()));
                splits(rest, &s[end..], acc, out);
                acc.pop();
            }
        }
    }
}

/// The node under `root` (itself included) whose text, without whitespace, is `want`.
fn node_spelling<'t>(src: &[u8], root: Node<'t>, want: &str) -> Option<Node<'t>> {
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        let text = std::str::from_utf8(&src[n.start_byte()..n.end_byte()]).unwrap_or("");
        if squash(text) == want {
            return Some(n);
        }
        let mut c = n.walk();
        let before = stack.len();
        stack.extend(n.named_children(&mut c));
        stack[before..].reverse();
    }
    None
}

/// The ways the code at `node` has a type of the shape `ty` (which holds metavariables): per
/// way, the node each metavariable of `ty` binds.
pub(crate) fn bindings<'t>(
    src: &[u8],
    node: Node<'t>,
    ty: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> Vec<Vec<(Arc<str>, Node<'t>)>> {
    let Some((written, type_node)) = written_type(src, node) else {
        return Vec::new();
    };
    let ps = parts(&squash(ty));
    let mut found = Vec::new();
    let mut spelled = vec![written.clone()];
    spelled.extend(resolve(&written));
    for (i, s) in spelled.iter().enumerate() {
        let mut ways = Vec::new();
        splits(&ps, s, &mut Vec::new(), &mut ways);
        for way in ways {
            let nodes: Option<Vec<(Arc<str>, Node<'t>)>> = way
                .into_iter()
                .map(|(name, text)| {
                    let n = node_spelling(src, type_node, &text)
                        // A part of a path the imports give has no node of its own: it
                        // binds the written type.
                        .or_else(|| (i > 0).then_some(type_node))?;
                    Some((name, n))
                })
                .collect();
            found.extend(nodes);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ways(ty: &str, s: &str) -> Vec<Vec<(String, String)>> {
        let mut out = Vec::new();
        splits(&parts(ty), s, &mut Vec::new(), &mut out);
        out.into_iter()
            .map(|w| w.into_iter().map(|(n, t)| (n.to_string(), t)).collect())
            .collect()
    }

    #[test]
    fn type_patterns_split_written_types() {
        assert_eq!(
            ways("$T*", "char*"),
            vec![vec![("T".into(), "char".into())]]
        );
        assert_eq!(
            ways("List<$E>", "List<String>"),
            vec![vec![("E".into(), "String".into())]]
        );
        assert_eq!(
            ways("$P.Ctx", "a.b.Ctx"),
            vec![vec![("P".into(), "a.b".into())]]
        );
        assert!(ways("$T*", "char").is_empty());
        assert!(ways("List<$E>", "Set<String>").is_empty());
    }
}
