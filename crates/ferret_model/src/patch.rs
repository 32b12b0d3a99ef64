//! Applying a unified diff to one file's text, strictly: every context and removed line must
//! match (trailing whitespace aside), hunks may drift from their stated position.

/// Why a diff does not apply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatchError {
    /// The text is not a unified diff.
    #[error("not a unified diff: {0}")]
    Malformed(String),
    /// A hunk's old lines are not in the file.
    #[error(
        "hunk {hunk} does not apply: its old lines are not in the file (expected near line {line})"
    )]
    NoMatch {
        /// 1-based hunk number.
        hunk: usize,
        /// Line the hunk names.
        line: usize,
    },
}

#[derive(Debug)]
struct Hunk {
    old_start: usize,
    old: Vec<String>,
    new: Vec<String>,
}

fn parse_range(s: &str) -> Option<usize> {
    let s = s.trim_start_matches(['-', '+']);
    let start = s.split(',').next()?;
    start.parse().ok()
}

fn parse(diff: &str) -> Result<Vec<Hunk>, PatchError> {
    let mut hunks: Vec<Hunk> = Vec::new();
    let mut cur: Option<Hunk> = None;
    for line in diff.lines() {
        if let Some(rest) = line.strip_prefix("@@") {
            if let Some(h) = cur.take() {
                hunks.push(h);
            }
            let mut parts = rest.split_whitespace();
            let old = parts
                .next()
                .and_then(parse_range)
                .ok_or_else(|| PatchError::Malformed(format!("bad hunk header `{line}`")))?;
            cur = Some(Hunk {
                old_start: old,
                old: Vec::new(),
                new: Vec::new(),
            });
            continue;
        }
        if line.starts_with("--- ") || line.starts_with("+++ ") || line.starts_with("diff ") {
            if cur
                .as_ref()
                .is_some_and(|h| !h.old.is_empty() || !h.new.is_empty())
                && let Some(h) = cur.take()
            {
                hunks.push(h);
            }
            continue;
        }
        let Some(h) = cur.as_mut() else { continue };
        if line.starts_with('\\') {
            continue; // "\ No newline at end of file"
        }
        match line.chars().next() {
            Some('+') => h.new.push(line[1..].to_string()),
            Some('-') => h.old.push(line[1..].to_string()),
            Some(' ') => {
                h.old.push(line[1..].to_string());
                h.new.push(line[1..].to_string());
            }
            None => {
                h.old.push(String::new());
                h.new.push(String::new());
            }
            Some(_) => {
                return Err(PatchError::Malformed(format!(
                    "line `{line}` in a hunk starts with neither ' ', '+' nor '-'"
                )));
            }
        }
    }
    if let Some(h) = cur.take() {
        hunks.push(h);
    }
    if hunks.is_empty() {
        return Err(PatchError::Malformed("no hunks".into()));
    }
    Ok(hunks)
}

fn matches_at(lines: &[&str], at: usize, old: &[String]) -> bool {
    at + old.len() <= lines.len()
        && old
            .iter()
            .zip(&lines[at..])
            .all(|(o, l)| o.trim_end() == l.trim_end())
}

/// Applies `diff` to `text`. Hunks apply in order; each is looked for at its stated line first,
/// then at the nearest position after the previous hunk.
pub fn apply(text: &str, diff: &str) -> Result<String, PatchError> {
    let hunks = parse(diff)?;
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len() + 8);
    let mut pos = 0usize;
    for (i, h) in hunks.iter().enumerate() {
        if h.old.is_empty() && h.new.is_empty() {
            continue;
        }
        let stated = h.old_start.saturating_sub(1).max(pos);
        let found = if h.old.is_empty() {
            Some(stated.min(lines.len()))
        } else {
            (pos..=lines.len().saturating_sub(h.old.len()))
                .filter(|&c| matches_at(&lines, c, &h.old))
                .min_by_key(|&c| c.abs_diff(stated))
        };
        let at = found.ok_or(PatchError::NoMatch {
            hunk: i + 1,
            line: h.old_start,
        })?;
        out.extend(lines[pos..at].iter().map(|s| s.to_string()));
        out.extend(h.new.iter().cloned());
        pos = at + h.old.len();
    }
    out.extend(lines[pos..].iter().map(|s| s.to_string()));
    let mut s = out.join("\n");
    if text.ends_with('\n') {
        s.push('\n');
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "a\nb\nquery(\"select \" + x)\nd\ne\n";

    #[test]
    fn applies_a_hunk_even_off_by_some_lines() {
        let diff = "--- a/f.py\n+++ b/f.py\n@@ -5,3 +5,3 @@\n b\n-query(\"select \" + x)\n+query(\"select ?\", x)\n d\n";
        assert_eq!(
            apply(FILE, diff).unwrap(),
            "a\nb\nquery(\"select ?\", x)\nd\ne\n"
        );
    }

    #[test]
    fn refuses_hunks_that_do_not_match() {
        let diff = "@@ -2,1 +2,1 @@\n-nothing like this\n+x\n";
        assert!(matches!(
            apply(FILE, diff),
            Err(PatchError::NoMatch { hunk: 1, .. })
        ));
        assert!(matches!(
            apply(FILE, "just prose"),
            Err(PatchError::Malformed(_))
        ));
    }

    #[test]
    fn applies_several_hunks_in_order() {
        let diff = "@@ -1,1 +1,2 @@\n a\n+a2\n@@ -4,1 +5,1 @@\n-d\n+D\n";
        assert_eq!(
            apply(FILE, diff).unwrap(),
            "a\na2\nb\nquery(\"select \" + x)\nD\ne\n"
        );
    }
}
