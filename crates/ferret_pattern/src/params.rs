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
    match ahead.chars().last() {
        Some(c) if c.is_ascii_alphanumeric() || c == '_' || c == '$' => {
            words.last().is_some_and(|w| *w != "new" && *w != "return")
        }
        Some('>' | ']') => true,
        _ => false,
    }
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
    }
}
