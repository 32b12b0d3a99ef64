//! Whole-scan records: rule descriptions for the sinks, and the run summary.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::{Confidence, Cwe, Finding, Severity};

/// What a sink needs to know about a rule (SARIF `reportingDescriptor`, `ferret rules list`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RuleInfo {
    /// Stable id.
    pub id: String,
    /// One-line description: the rule's message with metavariables left in place.
    pub short_description: String,
    /// Longer help in Markdown: what it finds, why it matters, an example, the fix.
    pub help: String,
    /// Severity.
    pub severity: Severity,
    /// Confidence.
    pub confidence: Confidence,
    /// CWEs, most specific first.
    pub cwe: Vec<Cwe>,
    /// OWASP Top 10 categories, e.g. `A03:2021 - Injection`.
    pub owasp: Vec<String>,
    /// Reference URLs.
    pub references: Vec<String>,
    /// Languages the rule applies to.
    pub languages: Vec<String>,
    /// Whether this is a taint rule.
    pub taint: bool,
}

/// Why a file was not scanned, or not scanned completely.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipReason {
    /// Larger than `--max-file-size`.
    TooLarge,
    /// Contains NUL bytes or is otherwise not text.
    Binary,
    /// Not valid UTF-8.
    InvalidUtf8,
    /// Looks minified or generated (very long lines).
    Minified,
    /// Parsing took longer than the per-file time limit.
    ParseTimeout,
    /// The parser gave up, or the tree is mostly errors.
    ParseError,
    /// Nesting deeper than the engine's limit.
    TooDeep,
    /// The file could not be read.
    ReadError,
    /// Matching exceeded its per-file step budget; findings may be incomplete.
    MatchBudget,
}

impl SkipReason {
    /// The kebab-case name used in summaries.
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::TooLarge => "too-large",
            SkipReason::Binary => "binary",
            SkipReason::InvalidUtf8 => "invalid-utf8",
            SkipReason::Minified => "minified",
            SkipReason::ParseTimeout => "parse-timeout",
            SkipReason::ParseError => "parse-error",
            SkipReason::TooDeep => "too-deep",
            SkipReason::ReadError => "read-error",
            SkipReason::MatchBudget => "match-budget",
        }
    }

    /// Whether this reason counts as a failure of the scan (exit code 3), rather than a
    /// deliberate skip by policy.
    pub fn is_failure(self) -> bool {
        matches!(
            self,
            SkipReason::ParseTimeout
                | SkipReason::ParseError
                | SkipReason::TooDeep
                | SkipReason::ReadError
                | SkipReason::MatchBudget
        )
    }
}

/// One file that was skipped or only partly scanned, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileIssue {
    /// The file.
    pub path: String,
    /// Why.
    pub reason: SkipReason,
    /// Details, such as the size or the parser's complaint.
    pub detail: String,
}

/// A rule that could not be compiled and was skipped (the scan ran without it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RuleIssue {
    /// The rule file.
    pub file: String,
    /// Line of the rule's `id` in the file (1-based; 0 when unknown).
    pub line: usize,
    /// The rule id, or `?` when it has none.
    pub rule: String,
    /// YAML path of the construct that could not be compiled, e.g. `rules[0].patterns[1]`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for RuleIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: rule `{}`: at `{}`: {}",
            self.file, self.line, self.rule, self.path, self.message
        )
    }
}

/// Figures for a whole scan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ScanSummary {
    /// Files that were read and matched (including those the prefilter cleared without parsing).
    pub files_scanned: u64,
    /// Files that were parsed by tree-sitter.
    pub files_parsed: u64,
    /// Files whose results came from the scan cache, unparsed.
    #[serde(default)]
    pub files_cached: u64,
    /// Lines in the scanned files.
    pub lines_scanned: u64,
    /// Bytes in the scanned files.
    pub bytes_scanned: u64,
    /// Wall-clock seconds of the scan.
    pub seconds: f64,
    /// Of which the project-wide taint pass (after every file was read).
    #[serde(default)]
    pub taint_seconds: f64,
    /// Files whose functions the taint pass analysed for findings: every file of a taint
    /// language on a full pass, only the files a change can affect on an incremental one.
    #[serde(default)]
    pub taint_files_analysed: u64,
    /// Files whose flow IR the taint pass received (lowered by this scan or read from the
    /// cache).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub taint_files_lowered: u64,
    /// Of those, files whose full flow IR the pass needed; the others stayed stubs.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub taint_files_decoded: u64,
    /// Files where some taint rule matched a source, sink or sanitizer.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub taint_files_matched: u64,
    /// Function evaluations the taint pass spent on generic summaries (computed only for the
    /// functions the rules' passes look up, and what those call).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub taint_summary_evaluations: u64,
    /// Worker threads used.
    pub threads: usize,
    /// Rules run.
    pub rules: usize,
    /// Findings per severity.
    pub findings_by_severity: BTreeMap<Severity, u64>,
    /// Findings suppressed by inline comments.
    pub suppressed: u64,
    /// Files skipped or incompletely scanned, by reason.
    pub skipped_by_reason: BTreeMap<SkipReason, u64>,
    /// The files behind `skipped_by_reason`.
    pub file_issues: Vec<FileIssue>,
    /// Findings merged into a twin: another rule's finding of the same weakness on the same
    /// line (see `Finding::also_reported_by`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub twins_merged: u64,
    /// Directories below a scan root skipped by the default ignore list (tests, vendored code).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub default_ignored_dirs: u64,
    /// Files skipped by the default ignore list (`_test.go`, minified bundles).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub default_ignored_files: u64,
    /// Rules that could not be compiled and were skipped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped_rules: Vec<RuleIssue>,
}

impl ScanSummary {
    /// Lines per second of wall time.
    pub fn lines_per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.lines_scanned as f64 / self.seconds
        } else {
            0.0
        }
    }

    /// Whether any file failed (parse error, timeout, read error), as opposed to a policy skip.
    pub fn has_failures(&self) -> bool {
        self.file_issues.iter().any(|i| i.reason.is_failure())
    }
}

impl ScanReport {
    /// Sets the summary's findings per severity from `findings`: the one count, used by the
    /// engine and after any filtering (baseline, changed lines, hidden false positives).
    pub fn recount(&mut self) {
        self.summary.findings_by_severity = count_by_severity(&self.findings);
    }
}

/// Findings per severity.
pub fn count_by_severity(findings: &[Finding]) -> BTreeMap<Severity, u64> {
    let mut counts = BTreeMap::new();
    for f in findings {
        *counts.entry(f.severity).or_default() += 1;
    }
    counts
}

/// Everything a sink renders: the rules that ran, the findings and the summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ScanReport {
    /// Rules that ran, in id order.
    pub rules: Vec<RuleInfo>,
    /// Findings in (path, line, column, rule) order.
    pub findings: Vec<Finding>,
    /// Run figures.
    pub summary: ScanSummary,
    /// Figures of the model pass, when it ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_run: Option<crate::ModelRunSummary>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FindingLocation, Position};

    fn finding(severity: Severity) -> Finding {
        let at = Position {
            line: 1,
            col: 1,
            col_utf16: 1,
            offset: 0,
        };
        Finding {
            rule_id: "r".into(),
            message: String::new(),
            severity,
            confidence: Confidence::Medium,
            cwe: Vec::new(),
            language: "python".into(),
            location: FindingLocation {
                path: "a.py".into(),
                start: at,
                end: at,
            },
            snippet: String::new(),
            fingerprint: String::new(),
            metavars: Vec::new(),
            dataflow: Vec::new(),
            fix: None,
            triage: None,
            also_reported_by: Vec::new(),
            redact: Vec::new(),
        }
    }

    #[test]
    fn recount_follows_the_findings_left() {
        let mut report = ScanReport {
            findings: vec![
                finding(Severity::High),
                finding(Severity::High),
                finding(Severity::Low),
            ],
            ..ScanReport::default()
        };
        report.recount();
        assert_eq!(
            report.summary.findings_by_severity,
            BTreeMap::from([(Severity::High, 2), (Severity::Low, 1)])
        );
        report.findings.retain(|f| f.severity == Severity::Low);
        report.recount();
        assert_eq!(
            report.summary.findings_by_severity,
            BTreeMap::from([(Severity::Low, 1)])
        );
    }
}
