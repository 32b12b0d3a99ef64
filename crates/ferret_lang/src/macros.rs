//! C and C++ `#define NAME other_name`: object-like macros that rename an identifier. One
//! recogniser, [`rename`], serves both the import aliases that patterns match through
//! ([`crate::imports`], which reads a define wherever it stands) and the taint lowering
//! ([`file_renames`], which reads the defines at file scope and inside preprocessor blocks).

use std::collections::HashMap;

use crate::Language;
use tree_sitter::Node;

/// `(NAME, other_name)` when `n` is a `#define` whose whole value is one identifier.
pub fn rename(n: Node<'_>, src: &[u8]) -> Option<(String, String)> {
    if n.kind() != "preproc_def" {
        return None;
    }
    let text =
        |x: Node<'_>| String::from_utf8_lossy(&src[x.start_byte()..x.end_byte()]).into_owned();
    let name = n.child_by_field_name("name")?;
    let value = n.child_by_field_name("value")?;
    let v = text(value).trim().to_string();
    let is_identifier = !v.is_empty()
        && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !v.as_bytes()[0].is_ascii_digit();
    is_identifier.then(|| (text(name), v))
}

/// The renaming `#define`s of a C or C++ file at file scope and inside preprocessor blocks
/// (`#if`, `#ifdef`), the first one read of each name winning. Empty for other languages.
pub fn file_renames(lang: Language, root: Node<'_>, src: &[u8]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    if !matches!(lang, Language::C | Language::Cpp) {
        return out;
    }
    let mut stack = vec![root];
    let mut c = root.walk();
    while let Some(x) = stack.pop() {
        if x.kind() == "preproc_def" {
            if let Some((name, value)) = rename(x, src) {
                out.entry(name).or_insert(value);
            }
            continue;
        }
        if x.kind().starts_with("preproc") || x.kind() == "translation_unit" {
            for ch in x.named_children(&mut c) {
                stack.push(ch);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ParseLimits, parse};

    #[test]
    fn renames_are_identifiers_at_file_scope() {
        let src = "#define BUF data\n#define N 10\n#define F(x) x\n#ifdef A\n#define G other\n#endif\nvoid f(void) {\n#define H local\n}\n";
        let p = parse(Language::C, src.as_bytes(), &ParseLimits::default()).unwrap();
        let r = file_renames(Language::C, p.tree.root_node(), src.as_bytes());
        assert_eq!(r.get("BUF").map(String::as_str), Some("data"));
        assert_eq!(r.get("G").map(String::as_str), Some("other"));
        assert!(!r.contains_key("N") && !r.contains_key("F") && !r.contains_key("H"));
        let all = crate::imports::collect(Language::C, p.tree.root_node(), src.as_bytes());
        assert_eq!(all.get("H").map(String::as_str), Some("local"));
    }
}
