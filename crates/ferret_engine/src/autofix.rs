//! Autofix: the replacement text of a finding, and applying findings' fixes to files.
//!
//! A finding's fix replaces its range (the match, or the focused metavariable) by the rule's
//! `fix:` template with metavariables substituted, or by the matched text rewritten with the
//! rule's `fix-regex`. [`plan`] orders the fixes of a report per file and keeps those that do not
//! overlap (the first by position wins; the others are listed as skipped); [`apply`] makes the
//! edits of one text from the bottom up so that earlier offsets stay valid; [`write`] applies
//! a plan to the files, each written whole to a temporary file beside it and renamed over it.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use ferret_core::{Finding, LineIndex, mask_secret};
use ferret_rules::{Rule, substitute};

/// The text that replaces a match of `rule`, if the rule has a fix: its `fix:` template with
/// metavariables replaced by `bound`, or else the matched text rewritten by its `fix-regex`.
pub(crate) fn fix_text<'a>(
    rule: &Rule,
    matched: &str,
    bound: impl Fn(&str) -> Option<&'a str>,
) -> Option<String> {
    if let Some(template) = &rule.fix {
        return Some(substitute(template, bound));
    }
    rule.fix_regex.as_ref().map(|fr| fr.apply(matched))
}

/// One replacement in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The file, as the finding names it.
    pub path: String,
    /// First byte replaced.
    pub start: usize,
    /// One past the last byte replaced.
    pub end: usize,
    /// 1-based line of `start`, for messages.
    pub line: u32,
    /// The new text.
    pub text: String,
    /// The rule whose fix this is.
    pub rule_id: String,
}

/// The fixes of a report, sorted per file, and those that could not be kept.
#[derive(Debug, Default)]
pub struct FixPlan {
    /// Per file, non-overlapping edits in order of position.
    pub files: BTreeMap<String, Vec<Edit>>,
    /// Edits not made, with the reason.
    pub skipped: Vec<(Edit, String)>,
}

impl FixPlan {
    /// How many edits the plan makes.
    pub fn edits(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }
}

/// Why fixes could not be written.
#[derive(Debug, thiserror::Error)]
pub enum FixError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The file changed since it was scanned: the finding's range no longer fits it.
    #[error("{path}:{line}: the file changed since the scan (fix of {rule} not applied)")]
    Stale {
        /// The file.
        path: String,
        /// The line of the edit.
        line: u32,
        /// The rule.
        rule: String,
    },
}

/// Orders the findings' fixes per file and drops those that overlap an earlier one. Identical
/// edits (two rules proposing the same text for the same range) are made once.
pub fn plan(findings: &[Finding]) -> FixPlan {
    let mut all: Vec<Edit> = Vec::new();
    let mut out = FixPlan::default();
    for f in findings {
        let Some(text) = &f.fix else { continue };
        let edit = Edit {
            path: f.location.path.clone(),
            start: f.location.start.offset,
            end: f.location.end.offset.max(f.location.start.offset),
            line: f.location.start.line,
            text: text.clone(),
            rule_id: f.rule_id.clone(),
        };
        // A fix shown with a secret masked must not write the mask into the file.
        if f.redact
            .iter()
            .any(|s| !s.is_empty() && text.contains(&mask_secret(s)))
        {
            out.skipped
                .push((edit, "the fix quotes a redacted secret".to_string()));
            continue;
        }
        all.push(edit);
    }
    all.sort_by(|a, b| {
        (&a.path, a.start, a.end, &a.rule_id).cmp(&(&b.path, b.start, b.end, &b.rule_id))
    });
    for e in all {
        let kept = out.files.entry(e.path.clone()).or_default();
        match kept.last() {
            Some(prev) if prev.start == e.start && prev.end == e.end && prev.text == e.text => {}
            Some(prev) if e.start < prev.end || e.start == prev.start => {
                let why = format!(
                    "overlaps the fix of {} at line {}, which was applied",
                    prev.rule_id, prev.line
                );
                out.skipped.push((e, why));
            }
            _ => kept.push(e),
        }
    }
    out.files.retain(|_, v| !v.is_empty());
    out
}

/// `text` with `edits` (sorted, non-overlapping) made, from the last to the first. `None` if an
/// edit does not fit the text (out of range, or not on character boundaries).
pub fn apply(text: &str, edits: &[Edit]) -> Option<String> {
    let mut out = text.to_string();
    let mut limit = text.len();
    for e in edits.iter().rev() {
        if e.start > e.end
            || e.end > limit
            || !out.is_char_boundary(e.start)
            || !out.is_char_boundary(e.end)
        {
            return None;
        }
        out.replace_range(e.start..e.end, &e.text);
        limit = e.start;
    }
    Some(out)
}

/// What a dry run shows for one edit: the lines it touches, before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// The edit.
    pub edit: Edit,
    /// The whole lines the edit replaces in.
    pub before: String,
    /// The same lines with the edit made.
    pub after: String,
}

/// The before and after lines of each edit of one file's text.
pub fn preview(text: &str, edits: &[Edit]) -> Vec<Preview> {
    let index = LineIndex::new(text.as_bytes());
    edits
        .iter()
        .filter(|e| {
            e.end <= text.len() && text.is_char_boundary(e.start) && text.is_char_boundary(e.end)
        })
        .map(|e| {
            let first = index.line_of(e.start);
            let last = index.line_of(e.end.saturating_sub(1).max(e.start));
            let (from, _) = index.line_span(text.as_bytes(), first);
            let (_, to) = index.line_span(text.as_bytes(), last);
            let to = to.max(e.end);
            Preview {
                edit: e.clone(),
                before: text[from..to].to_string(),
                after: format!("{}{}{}", &text[from..e.start], e.text, &text[e.end..to]),
            }
        })
        .collect()
}

/// A file the plan changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// The file.
    pub path: String,
    /// Edits made in it.
    pub edits: usize,
}

/// Applies `plan` to the files (paths relative to `root`, or as they are when `None`). A file
/// is written only if every edit fits it, atomically; a file that cannot be fixed is reported
/// and the others are still written.
pub fn write(plan: &FixPlan, root: Option<&Path>) -> (Vec<Fixed>, Vec<FixError>) {
    let mut done = Vec::new();
    let mut errors = Vec::new();
    for (path, edits) in &plan.files {
        match write_one(path, edits, root) {
            Ok(()) => done.push(Fixed {
                path: path.clone(),
                edits: edits.len(),
            }),
            Err(e) => errors.push(e),
        }
    }
    (done, errors)
}

fn write_one(path: &str, edits: &[Edit], root: Option<&Path>) -> Result<(), FixError> {
    let file = root.map_or_else(|| PathBuf::from(path), |r| r.join(path));
    let io = |source| FixError::Io {
        path: file.clone(),
        source,
    };
    let text = std::fs::read_to_string(&file).map_err(io)?;
    let stale = |e: &Edit| FixError::Stale {
        path: path.to_string(),
        line: e.line,
        rule: e.rule_id.clone(),
    };
    let index = LineIndex::new(text.as_bytes());
    if let Some(e) = edits
        .iter()
        .find(|e| e.end > text.len() || index.position(text.as_bytes(), e.start).line != e.line)
    {
        return Err(stale(e));
    }
    let Some(first) = edits.first() else {
        return Ok(());
    };
    let new = apply(&text, edits).ok_or_else(|| stale(first))?;
    replace_file(&file, new.as_bytes()).map_err(io)
}

/// Writes `bytes` to a temporary file beside `file` (with its permissions) and renames it over
/// `file`, so that a reader never sees half a file.
fn replace_file(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.ferret-fix-{}", std::process::id()));
    let perms = std::fs::metadata(file)?.permissions();
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::set_permissions(&tmp, perms)?;
        std::fs::rename(&tmp, file)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests;
