//! Inline suppressions: `ferret-ignore` and Semgrep's `nosemgrep`, optionally with rule ids.
//!
//! A suppression comment on a finding's first line, or alone on the line above it, hides the
//! finding. `ferret-ignore` hides every rule; `ferret-ignore: a, b` (or `nosemgrep: a`) hides only
//! rules whose id is `a` or ends in `.a`.

use std::collections::HashMap;

use ferret_lang::Language;

/// Suppression comments of one file, by 1-based line.
#[derive(Debug, Default)]
pub(crate) struct Suppressions {
    /// Line → rule ids (empty means all rules).
    lines: HashMap<usize, Vec<String>>,
    /// Lines that hold only a comment (their suppression also covers the next line).
    alone: HashMap<usize, bool>,
}

const MARKERS: [&str; 2] = ["ferret-ignore", "nosemgrep"];

impl Suppressions {
    pub(crate) fn new(text: &str, lang: Option<Language>) -> Suppressions {
        let mut s = Suppressions::default();
        if !MARKERS.iter().any(|m| text.contains(m)) {
            return s;
        }
        let prefixes: &[&str] = lang
            .map(|l| l.syntax().line_comments)
            .unwrap_or(&["//", "#"]);
        for (i, line) in text.lines().enumerate() {
            let Some(pos) = MARKERS.iter().filter_map(|m| line.find(m)).min() else {
                continue;
            };
            // The marker must sit in a comment: some comment introducer precedes it.
            let before = &line[..pos];
            let comment_at = prefixes
                .iter()
                .copied()
                .chain(["/*", "<!--"])
                .filter_map(|p| before.find(p))
                .min();
            let Some(comment_at) = comment_at else {
                continue;
            };
            let marker_len = MARKERS
                .iter()
                .find(|m| line[pos..].starts_with(**m))
                .map_or(0, |m| m.len());
            let rest = line[pos + marker_len..].trim_start();
            let ids = match rest.strip_prefix(':') {
                Some(list) => list
                    .split(',')
                    .map(|x| {
                        x.trim()
                            .trim_end_matches("*/")
                            .trim_end_matches("-->")
                            .split_whitespace()
                            .next()
                            .unwrap_or("")
                            .to_string()
                    })
                    .filter(|x| !x.is_empty())
                    .collect(),
                None => Vec::new(),
            };
            s.lines.insert(i + 1, ids);
            s.alone.insert(i + 1, line[..comment_at].trim().is_empty());
        }
        s
    }

    /// Whether a finding of `rule_id` starting on `line` is suppressed.
    pub(crate) fn suppresses(&self, line: usize, rule_id: &str) -> bool {
        let hit = |ids: &Vec<String>| {
            ids.is_empty()
                || ids
                    .iter()
                    .any(|id| id == rule_id || rule_id.ends_with(&format!(".{id}")))
        };
        if let Some(ids) = self.lines.get(&line)
            && hit(ids)
        {
            return true;
        }
        line > 1
            && self.alone.get(&(line - 1)) == Some(&true)
            && self.lines.get(&(line - 1)).is_some_and(hit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_line_and_line_above() {
        let text = "a()  # nosemgrep\n# ferret-ignore: py.cmd\nb()\nc()  # ferret-ignore: other.rule\nd()\n";
        let s = Suppressions::new(text, Some(Language::Python));
        assert!(s.suppresses(1, "any.rule"));
        assert!(s.suppresses(3, "py.cmd"));
        assert!(!s.suppresses(3, "py.other"));
        assert!(!s.suppresses(4, "py.cmd"));
        assert!(s.suppresses(4, "other.rule"));
        // A trailing suppression does not cover the next line.
        assert!(!s.suppresses(5, "other.rule"));
    }

    #[test]
    fn short_ids_and_markers_outside_comments() {
        let text = "x = \"ferret-ignore\"\nfoo(); // nosemgrep: cmd\n";
        let s = Suppressions::new(text, Some(Language::JavaScript));
        assert!(!s.suppresses(1, "r"));
        assert!(s.suppresses(2, "js.injection.cmd"));
    }
}
