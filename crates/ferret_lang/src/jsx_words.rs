//! JavaScript: JSX attributes named like a reserved word (`<label class="x" for="y">`, as HTML
//! writes them) do not parse with the JavaScript grammar, which reads the word as its keyword.
//! Such a file is parsed again with every reserved word that stands where an attribute name
//! stands (after white space, directly followed by `=`, which is never valid JavaScript: a
//! reserved word cannot be assigned) spelled as a plain name of the same length. Byte offsets
//! do not move and node text is read from the real source, so the tree still names the
//! attribute `class`; the caller keeps the second tree only if it has fewer errors.

/// Reserved words of JavaScript that are also attribute names people write in JSX.
const RESERVED: &[&str] = &[
    "class", "for", "default", "in", "new", "with", "do", "if", "case", "var", "const",
];

/// A copy of `src` with each reserved word in attribute position spelled `_lass`, `_or`...;
/// `None` when there is none.
pub(crate) fn mask_attribute_keywords(src: &[u8]) -> Option<Vec<u8>> {
    let mut out: Option<Vec<u8>> = None;
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    let mut i = 1;
    while i < src.len() {
        if !src[i - 1].is_ascii_whitespace() || !src[i].is_ascii_lowercase() {
            i += 1;
            continue;
        }
        let end = (i..src.len())
            .find(|&j| !ident(src[j]))
            .unwrap_or(src.len());
        let word = &src[i..end];
        let mut after = end;
        while after < src.len() && src[after].is_ascii_whitespace() {
            after += 1;
        }
        let assigned =
            src.get(after) == Some(&b'=') && !matches!(src.get(after + 1), Some(b'=') | Some(b'>'));
        if assigned && RESERVED.iter().any(|w| w.as_bytes() == word) {
            out.get_or_insert_with(|| src.to_vec())[i] = b'_';
        }
        i = end.max(i + 1);
    }
    out
}

/// The number of error and missing nodes in `tree`.
pub(crate) fn errors(tree: &tree_sitter::Tree) -> usize {
    let mut cursor = tree.walk();
    let mut n = 0;
    loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            n += 1;
        }
        if node.has_error() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return n;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Language, ParseLimits, parse};

    #[test]
    fn masks_only_reserved_words_in_attribute_position() {
        let src = b"<a class=\"x\" for={y} id=\"z\">; x.class = 1; if (a == b) {}";
        let m = mask_attribute_keywords(src).unwrap();
        assert_eq!(
            String::from_utf8(m).unwrap(),
            "<a _lass=\"x\" _or={y} id=\"z\">; x.class = 1; if (a == b) {}"
        );
        assert!(mask_attribute_keywords(b"const a = b;\nif (x) {}").is_none());
    }

    #[test]
    fn jsx_attributes_named_class_and_for_parse_and_keep_their_text() {
        let src =
            "export function L(p) {\n  return <label class=\"l\" for=\"n\">{p.t}</label>;\n}\n";
        let parsed = parse(
            Language::JavaScript,
            src.as_bytes(),
            &ParseLimits::default(),
        )
        .unwrap();
        assert!(!parsed.has_error);
        let root = parsed.tree.root_node();
        let mut names = Vec::new();
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            if n.kind() == "jsx_attribute"
                && let Some(name) = n.named_child(0)
            {
                names.push(name.utf8_text(src.as_bytes()).unwrap().to_string());
            }
            stack.extend(n.children(&mut n.walk()));
        }
        names.sort();
        assert_eq!(names, ["class", "for"]);
    }
}
