//! Autofix data of a rule: `fix:` templates with metavariables and `fix-regex:` replacements.
//!
//! Both give the text that replaces a finding's range (the match, or its focus). A `fix:`
//! template has `$X` and `$...X` replaced by the exact bound code (line breaks kept); an unbound
//! name stays as written. `fix-regex` works like Python's `re.sub` over the matched text:
//! `\1`, `\g<1>` and `\g<name>` insert groups, `\n`, `\t` and `\\` are escapes, and `count`
//! limits the replacements (all by default).

use std::sync::Arc;

use ferret_pattern::TextRegex;

/// A rule's `fix-regex`.
#[derive(Debug, Clone)]
pub struct FixRegex {
    /// `regex`, applied to the matched text.
    pub regex: Arc<TextRegex>,
    /// `replacement`, in Python's `re.sub` syntax.
    pub replacement: String,
    /// `count`: at most this many replacements, from the left (all when `None`).
    pub count: Option<usize>,
}

impl FixRegex {
    /// The matched text with the replacements made.
    pub fn apply(&self, matched: &str) -> String {
        let limit = self.count.unwrap_or(usize::MAX);
        let mut out = String::with_capacity(matched.len());
        let mut at = 0;
        for groups in self.regex.captures(matched, limit) {
            let Some(whole) = groups.first().copied().flatten() else {
                continue;
            };
            out.push_str(&matched[at..whole.start]);
            self.expand(matched, &groups, &mut out);
            at = whole.end;
        }
        out.push_str(&matched[at..]);
        out
    }

    fn expand(&self, text: &str, groups: &[Option<ferret_core::Span>], out: &mut String) {
        let group = |n: usize, out: &mut String| {
            if let Some(Some(s)) = groups.get(n) {
                out.push_str(&text[s.start..s.end]);
            }
        };
        let r = &self.replacement;
        let mut chars = r.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.peek().map(|&(_, c)| c) {
                Some(d) if d.is_ascii_digit() => {
                    // Up to two digits, as Python reads them.
                    let start = i + 1;
                    let mut end = start;
                    while end < r.len() && end - start < 2 && r.as_bytes()[end].is_ascii_digit() {
                        end += 1;
                        chars.next();
                    }
                    group(r[start..end].parse().unwrap_or(0), out);
                }
                Some('g') if r[i + 2..].starts_with('<') => {
                    let Some(close) = r[i + 3..].find('>') else {
                        out.push(c);
                        continue;
                    };
                    let name = &r[i + 3..i + 3 + close];
                    let n = name
                        .parse::<usize>()
                        .ok()
                        .or_else(|| self.regex.group_number(name));
                    if let Some(n) = n {
                        group(n, out);
                    }
                    // Skip `g<name>`.
                    for _ in 0..name.chars().count() + 3 {
                        chars.next();
                    }
                }
                Some('n') => {
                    chars.next();
                    out.push('\n');
                }
                Some('t') => {
                    chars.next();
                    out.push('\t');
                }
                Some('\\') => {
                    chars.next();
                    out.push('\\');
                }
                _ => out.push(c),
            }
        }
    }
}

/// `template` with every `$X` and `$...X` replaced by what `lookup` gives for `X`; names
/// `lookup` does not know stay as written.
pub fn substitute<'a>(template: &str, lookup: impl Fn(&str) -> Option<&'a str>) -> String {
    let b = template.as_bytes();
    let mut out = String::with_capacity(template.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'$' {
            let name_at = if template[i + 1..].starts_with("...") {
                i + 4
            } else {
                i + 1
            };
            let mut j = name_at;
            while j < b.len()
                && (b[j].is_ascii_uppercase() || b[j].is_ascii_digit() || b[j] == b'_')
            {
                j += 1;
            }
            let name = &template[name_at..j];
            let valid = !name.is_empty() && !name.as_bytes()[0].is_ascii_digit();
            if valid && let Some(v) = lookup(name) {
                out.push_str(v);
                i = j;
                continue;
            }
        }
        let len = template[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&template[i..i + len]);
        i += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr(regex: &str, replacement: &str, count: Option<usize>) -> FixRegex {
        FixRegex {
            regex: Arc::new(TextRegex::new(regex).expect("regex")),
            replacement: replacement.to_string(),
            count,
        }
    }

    #[test]
    fn templates_take_the_exact_bound_code() {
        let bound = |n: &str| match n {
            "X" => Some("a.b"),
            "ARGS" => Some("x,\n    y"),
            "XY" => Some("long"),
            _ => None,
        };
        assert_eq!(substitute("sys.exit($X)", bound), "sys.exit(a.b)");
        assert_eq!(substitute("f($...ARGS)", bound), "f(x,\n    y)");
        assert_eq!(substitute("$XY $X", bound), "long a.b");
        // Unbound names and lone dollars stay.
        assert_eq!(substitute("$Z + $ + $1 + é$X", bound), "$Z + $ + $1 + éa.b");
    }

    #[test]
    fn fix_regex_is_python_re_sub() {
        assert_eq!(
            fr(r"(.*)\)", r"\1, timeout=30)", None).apply("requests.get(url)"),
            "requests.get(url, timeout=30)"
        );
        assert_eq!(fr("a", "b", None).apply("banana"), "bbnbnb");
        assert_eq!(fr("a", "b", Some(2)).apply("banana"), "bbnbna");
        assert_eq!(
            fr(r"(?P<k>\w+)=(\w+)", r"\2=\g<k> \g<1>\n\\", None).apply("x=y"),
            "y=x x\n\\"
        );
        // No match: the text is unchanged.
        assert_eq!(fr("zzz", "q", None).apply("abc"), "abc");
    }
}
