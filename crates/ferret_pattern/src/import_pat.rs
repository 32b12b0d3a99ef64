//! Import patterns: `import foo.bar` (Python), `from foo import bar`, `import "foo/bar"` (Go),
//! `import "mod"` (JavaScript, TypeScript) match every import statement that imports that
//! module, whatever its form: aliased, grouped, with other names, or (Python) a submodule or
//! a name of it (`from foo.bar import baz` imports from `foo.bar`).

use ferret_lang::Language;
use tree_sitter::Node;

use crate::compile::string_content;

/// The module a pattern made of one plain import names, if it is one.
pub(crate) fn pattern_module(lang: Language, text: &str) -> Option<String> {
    let t = text.trim().trim_end_matches(';').trim();
    let dotted = |s: &str| {
        !s.is_empty()
            && !s.starts_with('.')
            && s.split('.').all(|seg| {
                !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            })
    };
    match lang {
        Language::Python => {
            if let Some(m) = t.strip_prefix("import ")
                && dotted(m.trim())
            {
                return Some(m.trim().to_string());
            }
            let rest = t.strip_prefix("from ")?;
            let (m, name) = rest.split_once(" import ")?;
            (dotted(m.trim()) && dotted(name.trim()) && !name.contains('.'))
                .then(|| format!("{}.{}", m.trim(), name.trim()))
        }
        Language::Go | Language::JavaScript | Language::TypeScript | Language::Tsx => {
            let q = t.strip_prefix("import ")?.trim();
            let inner = string_content(q);
            (inner.len() + 2 == q.len()
                && !inner.is_empty()
                && !inner.contains(['$', '"', '\'', '`'])
                && inner != "...")
                .then(|| inner.to_string())
        }
        _ => None,
    }
}

/// Whether the import statement `t` imports `module` (or, in Python, a submodule or a name of
/// it; in JavaScript, a path under it).
pub(crate) fn imports(lang: Language, src: &[u8], t: Node<'_>, module: &str) -> bool {
    let text = |n: Node<'_>| std::str::from_utf8(&src[n.start_byte()..n.end_byte()]).unwrap_or("");
    let under = |name: &str| {
        name == module
            || (name.len() > module.len()
                && name.starts_with(module)
                && (name.as_bytes()[module.len()] == b'/'
                    || (lang == Language::Python && name.as_bytes()[module.len()] == b'.')))
    };
    let mut c = t.walk();
    match (lang, t.kind()) {
        (Language::Python, "import_statement") => t.named_children(&mut c).any(|n| {
            let n = n.child_by_field_name("name").unwrap_or(n);
            under(text(n))
        }),
        (Language::Python, "import_from_statement") => {
            let Some(m) = t.child_by_field_name("module_name") else {
                return false;
            };
            let base = text(m);
            if base.starts_with('.') {
                return false;
            }
            let mut c2 = t.walk();
            let names: Vec<String> = t
                .children_by_field_name("name", &mut c2)
                .map(|n| {
                    let n = n.child_by_field_name("name").unwrap_or(n);
                    format!("{base}.{}", text(n))
                })
                .collect();
            let wildcard = t
                .named_children(&mut c)
                .any(|n| n.kind() == "wildcard_import");
            names.iter().any(|n| under(n)) || (wildcard && under(&format!("{base}.*")))
        }
        (Language::Go, "import_declaration") => {
            let mut stack = vec![t];
            while let Some(n) = stack.pop() {
                if n.kind() == "import_spec"
                    && let Some(p) = n.child_by_field_name("path")
                    && string_content(text(p)) == module
                {
                    return true;
                }
                let mut c3 = n.walk();
                stack.extend(n.named_children(&mut c3));
            }
            false
        }
        (_, "import_statement") => t
            .child_by_field_name("source")
            .is_some_and(|s| under(string_content(text(s)))),
        _ => false,
    }
}

/// The node kinds an import pattern of `lang` is tried at.
pub(crate) fn statement_kinds(lang: Language) -> &'static [&'static str] {
    match lang {
        Language::Python => &["import_statement", "import_from_statement"],
        Language::Go => &["import_declaration"],
        _ => &["import_statement"],
    }
}
