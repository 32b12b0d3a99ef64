//! Java formal-parameter ellipses: whether a `...` in a pattern stands in a declaration's
//! parameter list (`$RT $M(..., @A $T $P, ...)`), where it is a run of parameters, rather than
//! in a call's or an annotation's arguments, where it is a run of expressions.

/// Whether the innermost `(` still open before byte `at` of `pat` opens a declaration's
/// parameter list (`Type name(`, `$RT $M(`), not a call (`f(`, `x.f(`, `new T(`) or an
/// annotation's arguments (`@A(`).
pub(crate) fn opens_parameters(pat: &str, at: usize) -> bool {
    let b = pat.as_bytes();
    let mut depth = 0usize;
    let mut open = None;
    for j in (0..at).rev() {
        match b[j] {
            b')' | b']' | b'}' => depth += 1,
            b'(' | b'[' | b'{' if depth > 0 => depth -= 1,
            b'(' => {
                open = Some(j);
                break;
            }
            b'[' | b'{' => return false,
            _ => {}
        }
    }
    let Some(open) = open else {
        return false;
    };
    let before = pat[..open].trim_end();
    let name_start = before
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
        .map_or(0, |k| k + 1);
    if name_start == before.len() {
        return false;
    }
    let ahead = before[..name_start].trim_end();
    let words: Vec<&str> = ahead.split_whitespace().collect();
    let name = &before[name_start..];
    if words.last().is_none_or(|w| MODIFIERS.contains(w)) && !KEYWORDS.contains(&name) {
        // A constructor, or a method written without its return type (`$M(..., $T $P) {`):
        // a declaration only when a body or a `throws` clause follows the parameters.
        return body_follows(pat, open);
    }
    match ahead.chars().last() {
        Some(c) if c.is_ascii_alphanumeric() || c == '_' || c == '$' => {
            words.last().is_some_and(|w| *w != "new" && *w != "return")
        }
        Some('>' | ']') => true,
        _ => false,
    }
}

/// Java's modifiers, which may precede a constructor's name.
const MODIFIERS: &[&str] = &[
    "public",
    "protected",
    "private",
    "static",
    "final",
    "abstract",
    "synchronized",
];

/// Java's keywords that a parenthesis and a block may follow.
const KEYWORDS: &[&str] = &[
    "if",
    "while",
    "for",
    "switch",
    "catch",
    "synchronized",
    "try",
];

/// Whether the parenthesis opened at byte `open` of `pat` is closed and followed by `{` or
/// `throws`.
fn body_follows(pat: &str, open: usize) -> bool {
    let mut depth = 0usize;
    for (j, c) in pat.bytes().enumerate().skip(open) {
        match c {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    let rest = pat[j + 1..].trim_start();
                    return rest.starts_with('{') || rest.starts_with("throws");
                }
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::opens_parameters;

    fn at_ellipsis(pat: &str) -> bool {
        opens_parameters(pat, pat.find("...").expect("an ellipsis"))
    }

    #[test]
    fn declarations_open_parameters() {
        assert!(at_ellipsis("$RT $M(..., @A $T $P) { ... }"));
        assert!(at_ellipsis("void f(String a, ...) {}"));
        assert!(at_ellipsis("List<String> f(...) {}"));
        assert!(at_ellipsis("byte[] f(...) {}"));
        assert!(at_ellipsis("$M(..., @$R $T $P, ...) {\n  ...\n}"));
        assert!(at_ellipsis("public Foo(...) throws E {}"));
    }

    #[test]
    fn calls_and_annotations_do_not() {
        assert!(!at_ellipsis("f(...)"));
        assert!(!at_ellipsis("x.f(a, ...)"));
        assert!(!at_ellipsis("new T(...)"));
        assert!(!at_ellipsis("return g(...);"));
        assert!(!at_ellipsis("@RequestParam(...) String p"));
        assert!(!at_ellipsis("if (...) {}"));
        assert!(!at_ellipsis("xs[...]"));
        assert!(!at_ellipsis("foo(...);"));
        assert!(!at_ellipsis("foo(...)"));
    }
}
