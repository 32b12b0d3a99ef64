//! Test annotations for `ferret test`, with Semgrep's `--test` semantics.
//!
//! A comment `ruleid: ID` says the next code line (or the same line, for a trailing comment)
//! must be reported by rule `ID`; `ok: ID` says it must not; `todoruleid:` and `todook:` mark
//! known gaps: a `todoruleid:` line is not reported yet and a `todook:` line still is (as in
//! `semgrep --test`). Several ids may be given, separated by commas.

use std::collections::BTreeSet;

/// What a test file expects of one rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expectations {
    /// Lines (1-based) that must be reported.
    pub ruleid: BTreeSet<usize>,
    /// Lines that must not be reported.
    pub ok: BTreeSet<usize>,
    /// Lines that should be reported but are known not to be.
    pub todoruleid: BTreeSet<usize>,
    /// Lines that are reported but should not be (known false positives).
    pub todook: BTreeSet<usize>,
}

/// Reads the annotations for `rule_id` from `text`. `comment_prefixes` are the language's
/// line-comment introducers (`//`, `#`); block comments `/* ... */` and `<!-- -->` work too.
pub fn expectations(text: &str, rule_id: &str, comment_prefixes: &[&str]) -> Expectations {
    let lines: Vec<&str> = text.lines().collect();
    let mut exp = Expectations::default();
    for (i, line) in lines.iter().enumerate() {
        let Some((code_before, comment)) = split_comment(line, comment_prefixes) else {
            continue;
        };
        for (kind, ids) in parse_annotation(comment) {
            if !ids.contains(&rule_id) {
                continue;
            }
            // A trailing comment annotates its own line; a comment alone annotates the next
            // line that has code and is not itself an annotation.
            let target = if !code_before.trim().is_empty() {
                Some(i + 1)
            } else {
                (i + 1..lines.len())
                    .find(|&j| {
                        let l = lines[j].trim();
                        !l.is_empty()
                            && split_comment(lines[j], comment_prefixes).is_none_or(|(code, c)| {
                                !code.trim().is_empty() || parse_annotation(c).is_empty()
                            })
                    })
                    .map(|j| j + 1)
            };
            let Some(target) = target else { continue };
            match kind {
                "ruleid" => exp.ruleid.insert(target),
                "ok" => exp.ok.insert(target),
                "todoruleid" => exp.todoruleid.insert(target),
                _ => exp.todook.insert(target),
            };
        }
    }
    exp
}

fn split_comment<'a>(line: &'a str, prefixes: &[&str]) -> Option<(&'a str, &'a str)> {
    let mut best: Option<usize> = None;
    for p in prefixes.iter().copied().chain(["/*", "<!--"]) {
        if let Some(pos) = line.find(p) {
            best = Some(best.map_or(pos, |b: usize| b.min(pos)));
        }
    }
    let pos = best?;
    let comment = line[pos..]
        .trim_start_matches(|c| {
            c == '/' || c == '#' || c == '*' || c == '<' || c == '!' || c == '-'
        })
        .trim()
        .trim_end_matches("*/")
        .trim_end_matches("-->")
        .trim();
    Some((&line[..pos], comment))
}

/// Parses `ruleid: a, b` (and `ok:`, `todoruleid:`, `todook:`) out of a comment's text.
fn parse_annotation(comment: &str) -> Vec<(&'static str, Vec<&str>)> {
    let mut out = Vec::new();
    for kind in ["todoruleid", "todook", "ruleid", "ok"] {
        let Some(rest) = comment.strip_prefix(kind) else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix(':') else {
            continue;
        };
        let ids = rest
            .split(',')
            .map(|s| s.split_whitespace().next().unwrap_or(""))
            .filter(|s| !s.is_empty())
            .collect();
        out.push((kind, ids));
        break;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_line_and_trailing_annotations() {
        let text = "# ruleid: r1\nos.system(x)\n# ok: r1\nos.system('ls')\nfoo()  # ruleid: r1, r2\n# ruleid: r2\n\n# todoruleid: r1\nbar()\n";
        let e = expectations(text, "r1", &["#"]);
        assert_eq!(e.ruleid.iter().copied().collect::<Vec<_>>(), vec![2, 5]);
        assert_eq!(e.ok.iter().copied().collect::<Vec<_>>(), vec![4]);
        assert_eq!(e.todoruleid.iter().copied().collect::<Vec<_>>(), vec![9]);
        let e2 = expectations(text, "r2", &["#"]);
        assert_eq!(e2.ruleid.iter().copied().collect::<Vec<_>>(), vec![5, 9]);
    }

    #[test]
    fn stacked_annotations_skip_each_other() {
        let text = "// ruleid: a\n// ok: b\nrun();\n";
        assert_eq!(
            expectations(text, "a", &["//"])
                .ruleid
                .iter()
                .copied()
                .collect::<Vec<_>>(),
            vec![3]
        );
        assert_eq!(
            expectations(text, "b", &["//"])
                .ok
                .iter()
                .copied()
                .collect::<Vec<_>>(),
            vec![3]
        );
    }
}
