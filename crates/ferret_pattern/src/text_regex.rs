//! Regular expressions of rules (`pattern-regex`, `pattern-not-regex`, `metavariable-regex`).
//!
//! Semgrep's regexes are PCRE: look-ahead and look-behind, back-references, atomic groups,
//! possessive quantifiers and `\Z` are common in real rules. A [`TextRegex`] is compiled with the
//! `regex` crate when it accepts the expression (linear time, the usual case) and with
//! `fancy-regex`, a backtracking engine with those PCRE features, only when it does not. A
//! backtracking search that exceeds `fancy-regex`'s backtrack limit counts as no match.

use std::sync::Arc;

use ferret_core::Span;

/// Why a regex could not be compiled by either engine.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct RegexError(String);

#[derive(Debug)]
enum Engine {
    Fast(regex::Regex),
    Pcre(Box<fancy_regex::Regex>),
}

/// A compiled rule regex: the fast engine when it can, the PCRE-compatible one otherwise.
#[derive(Debug)]
pub struct TextRegex {
    engine: Engine,
}

/// One match of a [`TextRegex`]: its range and its named groups.
#[derive(Debug, Clone)]
pub struct RegexMatch {
    /// The matched byte range.
    pub span: Span,
    /// Named groups that took part in the match, by name.
    pub groups: Vec<(Arc<str>, Span)>,
}

impl TextRegex {
    /// Compiles `src`; an error names what both engines refused.
    pub fn new(src: &str) -> Result<TextRegex, RegexError> {
        match regex::Regex::new(src) {
            Ok(r) => Ok(TextRegex {
                engine: Engine::Fast(r),
            }),
            Err(fast) => match fancy_regex::Regex::new(src) {
                Ok(r) => Ok(TextRegex {
                    engine: Engine::Pcre(Box::new(r)),
                }),
                Err(pcre) => Err(RegexError(match fast {
                    // The fast engine's message points at the offending text; keep it when the
                    // expression is simply malformed.
                    regex::Error::Syntax(s) => format!("{s}\n(PCRE engine: {pcre})"),
                    other => format!("{other} (PCRE engine: {pcre})"),
                })),
            },
        }
    }

    /// Whether the expression needed the PCRE-compatible engine.
    pub fn is_pcre(&self) -> bool {
        matches!(self.engine, Engine::Pcre(_))
    }

    /// Whether `text` contains a match.
    pub fn is_match(&self, text: &str) -> bool {
        match &self.engine {
            Engine::Fast(r) => r.is_match(text),
            Engine::Pcre(r) => r.is_match(text).unwrap_or(false),
        }
    }

    /// Every non-overlapping match in `text`, at most `limit`, with named groups.
    pub fn matches(&self, text: &str, limit: usize) -> Vec<RegexMatch> {
        let mut out = Vec::new();
        match &self.engine {
            Engine::Fast(r) => {
                let names: Vec<(usize, Arc<str>)> = named(r.capture_names());
                for caps in r.captures_iter(text).take(limit) {
                    let Some(m) = caps.get(0) else { continue };
                    out.push(RegexMatch {
                        span: Span::new(m.start(), m.end()),
                        groups: names
                            .iter()
                            .filter_map(|(i, n)| {
                                caps.get(*i)
                                    .map(|g| (n.clone(), Span::new(g.start(), g.end())))
                            })
                            .collect(),
                    });
                }
            }
            Engine::Pcre(r) => {
                let names: Vec<(usize, Arc<str>)> = named(r.capture_names());
                for caps in r.captures_iter(text).take(limit) {
                    let Ok(caps) = caps else { break };
                    let Some(m) = caps.get(0) else { continue };
                    out.push(RegexMatch {
                        span: Span::new(m.start(), m.end()),
                        groups: names
                            .iter()
                            .filter_map(|(i, n)| {
                                caps.get(*i)
                                    .map(|g| (n.clone(), Span::new(g.start(), g.end())))
                            })
                            .collect(),
                    });
                }
            }
        }
        out
    }
}

impl TextRegex {
    /// Every non-overlapping match in `text`, at most `limit`, with all its groups by number
    /// (0 is the whole match; `None` for a group that took no part): what a replacement needs.
    pub fn captures(&self, text: &str, limit: usize) -> Vec<Vec<Option<Span>>> {
        let span = |m: Option<(usize, usize)>| m.map(|(a, b)| Span::new(a, b));
        match &self.engine {
            Engine::Fast(r) => r
                .captures_iter(text)
                .take(limit)
                .map(|c| {
                    (0..c.len())
                        .map(|i| span(c.get(i).map(|g| (g.start(), g.end()))))
                        .collect()
                })
                .collect(),
            Engine::Pcre(r) => r
                .captures_iter(text)
                .take(limit)
                .map_while(Result::ok)
                .map(|c| {
                    (0..c.len())
                        .map(|i| span(c.get(i).map(|g| (g.start(), g.end()))))
                        .collect()
                })
                .collect(),
        }
    }

    /// The number of the group called `name`, if there is one.
    pub fn group_number(&self, name: &str) -> Option<usize> {
        let names: Vec<Option<&str>> = match &self.engine {
            Engine::Fast(r) => r.capture_names().collect(),
            Engine::Pcre(r) => r.capture_names().collect(),
        };
        names.iter().position(|n| *n == Some(name))
    }
}

fn named<'a>(names: impl Iterator<Item = Option<&'a str>>) -> Vec<(usize, Arc<str>)> {
    names
        .enumerate()
        .filter_map(|(i, n)| n.map(|n| (i, Arc::from(n))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(re: &str, text: &str) -> Vec<(usize, usize)> {
        TextRegex::new(re)
            .unwrap()
            .matches(text, 100)
            .iter()
            .map(|m| (m.span.start, m.span.end))
            .collect()
    }

    #[test]
    fn plain_expressions_use_the_fast_engine() {
        let r = TextRegex::new(r"(?P<KEY>AKIA[0-9A-Z]{4})").unwrap();
        assert!(!r.is_pcre());
        let m = r.matches("x = 'AKIAABCD'", 10);
        assert_eq!(m.len(), 1);
        assert_eq!(&*m[0].groups[0].0, "KEY");
        assert_eq!(m[0].groups[0].1, Span::new(5, 13));
    }

    #[test]
    fn look_around_back_references_possessive_and_end_anchor_use_pcre() {
        let r = TextRegex::new(r"foo(?!bar)").unwrap();
        assert!(r.is_pcre());
        assert_eq!(spans(r"foo(?!bar)", "foobar foobaz"), vec![(7, 10)]);
        assert_eq!(spans(r"(?<=\$)\w+", "a $bc d"), vec![(3, 5)]);
        assert_eq!(spans(r"(\w)\1", "abccd"), vec![(2, 4)]);
        assert_eq!(spans(r"a++b", "aaab"), vec![(0, 4)]);
        assert!(TextRegex::new(r"end\Z").unwrap().is_match("the end"));
        assert!(!TextRegex::new(r"end\Z").unwrap().is_match("end of it"));
    }

    #[test]
    fn malformed_expressions_are_errors() {
        let e = TextRegex::new("(unclosed").unwrap_err().to_string();
        assert!(e.contains("unclosed") || e.contains("PCRE"), "{e}");
    }
}
