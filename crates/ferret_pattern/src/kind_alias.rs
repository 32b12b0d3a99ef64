//! Pattern nodes that match code of another kind: a declaration written without a part that
//! the grammar then parses as a different kind. In Java, `$M(...) { ... }` (no return type)
//! parses as a constructor, yet Semgrep reads it as a method whose return type is left out, so
//! it matches methods of any return type as well as constructors. And an assignment pattern
//! `x = E` matches a variable declared with that value (`var x = E`, `int x = E;`).

use ferret_lang::Language;
use tree_sitter::Node;

use crate::compile::{Kinds, significant_children};

/// The kinds of code that a pattern node of kind `pattern_kind` also matches, and the fields
/// of that code which the pattern leaves out.
fn aliases(
    lang: Language,
    pattern_kind: &str,
) -> &'static [(&'static str, &'static [&'static str])] {
    match (lang, pattern_kind) {
        (Language::Java, "constructor_declaration") => {
            &[("method_declaration", &["type", "dimensions"])]
        }
        (Language::Java, "constructor_body") => &[("block", &[])],
        // Semgrep's `vardef_assign`: `x = 1` also matches the declaration `var x = 1`.
        (Language::JavaScript | Language::TypeScript | Language::Tsx, "assignment_expression") => {
            &[("variable_declarator", &["type"])]
        }
        (Language::Java | Language::CSharp, "assignment_expression") => {
            &[("variable_declarator", &["dimensions"])]
        }
        _ => &[],
    }
}

/// The kind names a pattern of kind `pattern_kind` may match besides its own.
pub(crate) fn target_kinds(lang: Language, pattern_kind: &str) -> Vec<&'static str> {
    aliases(lang, pattern_kind)
        .iter()
        .map(|(k, _)| *k)
        .collect()
}

/// When `t` is code that a pattern node of kind `pattern_kind` matches although its kind
/// differs, the children of `t` the pattern's children are compared with.
pub(crate) fn children_as<'t>(
    lang: Language,
    kinds: &Kinds,
    pattern_kind: &str,
    t: Node<'t>,
) -> Option<Vec<Node<'t>>> {
    let (_, skipped) = aliases(lang, pattern_kind)
        .iter()
        .find(|(k, _)| *k == t.kind())?;
    let left_out: Vec<Node<'t>> = skipped
        .iter()
        .filter_map(|f| t.child_by_field_name(f))
        .collect();
    Some(
        significant_children(t, kinds)
            .into_iter()
            .filter(|c| !left_out.contains(c))
            .collect(),
    )
}
