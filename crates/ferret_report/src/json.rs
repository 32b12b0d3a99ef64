//! The JSON sink: Ferret's own stable, documented document.
//!
//! The document is built from dedicated view structs rather than from `ferret_core`'s serde
//! derives, so that a change inside the engine's types cannot silently change this format.

use std::collections::BTreeMap;

use ferret_core::{
    Cwe, DataflowStep, ENGINE_VERSION, FileIssue, Finding, FindingLocation, MetavarBinding,
    Position, RuleInfo, ScanReport, ScanSummary, Severity, StepRole,
};
use serde::Serialize;

use crate::ReportError;

/// Renders `report` as Ferret's JSON document, pretty-printed, without a final newline.
///
/// Every key listed here is always present (empty lists, `null` where noted), in this order:
///
/// ```text
/// {
///   "version": "0.1.0",                  // ENGINE_VERSION
///   "results": [{
///     "rule_id": "py.exec.os-system",
///     "message": "...",                   // interpolated
///     "severity": "high",                 // info | low | medium | high | critical
///     "confidence": "medium",             // low | medium | high
///     "cwe": ["CWE-78"],
///     "language": "python",
///     "location": {"path": "src/a.py", "start": POS, "end": POS},
///     "snippet": "...",                   // the matched lines
///     "fingerprint": "32 hex digits",
///     "metavars": [{"name": "$X", "text": "...", "start": POS}],
///     "dataflow": [{"role": "source", "location": {...}, "text": "...", "note": "..."}],
///                                         // role: source | step | sink; [] unless taint
///     "fix": "..." | null,
///     "also_reported_by": ["rule id", ...], // only when twins were merged into it: other
///                                         // rules' findings of the same first CWE, same line
///     "triage": {...}                     // only after the model pass: status, verdict,
///                                         // confidence, cwe, severity, explanation, evidence,
///                                         // exploit_scenario, missing_context, verification,
///                                         // fix {diff, accepted, note}, note, model,
///                                         // prompt_version, tokens, from_cache
///   }],
///   "rules": [{
///     "id", "short_description", "help", "severity", "confidence",
///     "cwe": ["CWE-78"], "owasp": [...], "references": [...], "languages": [...],
///     "taint": false
///   }],
///   "summary": {
///     "files_scanned", "files_parsed", "files_cached", "lines_scanned", "bytes_scanned",
///     "seconds", "taint_seconds", "taint_files_analysed", "lines_per_second", "threads",
///     "rules", "findings",
///     "taint_files_lowered", "taint_files_decoded", "taint_files_matched",
///     "taint_summary_evaluations",
///                                         // only when the taint pass ran
///     "findings_by_severity": {"critical", "high", "medium", "low", "info"},
///     "suppressed",
///     "skipped_by_reason": {"too-large": 2, ...},   // only reasons that occurred
///     "file_issues": [{"path", "reason", "detail"}],
///     "twins_merged",                                   // only when findings were merged
///     "default_ignored_dirs", "default_ignored_files",   // only when the default ignore list
///                                                       // left out tests or vendored code
///     "skipped_rules": [{"file", "line", "rule", "path", "message"}]   // only when some
///   },
///   "model_run": {...}                    // only after the model pass: candidates, reviewed,
///                                         // by_status, by_verdict, calls, cache_hits, tokens,
///                                         // budget, estimated_cost_usd, seconds
/// }
/// ```
///
/// `POS` is `{"line", "col", "col_utf16", "offset"}`: 1-based line, 1-based column in UTF-8
/// bytes, 1-based column in UTF-16 code units, and 0-based byte offset. End positions are
/// exclusive. Non-finite timings are written as `null`.
pub fn to_json(report: &ScanReport) -> Result<String, ReportError> {
    let doc = JsonReport {
        version: ENGINE_VERSION,
        results: report.findings.iter().map(JsonFinding::from).collect(),
        rules: report.rules.iter().map(JsonRule::from).collect(),
        summary: JsonSummary::from(&report.summary),
        model_run: report.model_run.as_ref(),
    };
    Ok(serde_json::to_string_pretty(&doc)?)
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: &'static str,
    results: Vec<JsonFinding<'a>>,
    rules: Vec<JsonRule<'a>>,
    summary: JsonSummary<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    model_run: Option<&'a ferret_core::ModelRunSummary>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule_id: &'a str,
    message: &'a str,
    severity: &'static str,
    confidence: &'static str,
    cwe: Vec<String>,
    language: &'a str,
    location: JsonLocation<'a>,
    snippet: &'a str,
    fingerprint: &'a str,
    metavars: Vec<JsonMetavar<'a>>,
    dataflow: Vec<JsonStep<'a>>,
    fix: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    also_reported_by: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    triage: Option<&'a ferret_core::Triage>,
}

impl<'a> From<&'a Finding> for JsonFinding<'a> {
    fn from(f: &'a Finding) -> Self {
        JsonFinding {
            rule_id: &f.rule_id,
            message: &f.message,
            severity: f.severity.as_str(),
            confidence: f.confidence.as_str(),
            cwe: cwe_names(&f.cwe),
            language: &f.language,
            location: JsonLocation::from(&f.location),
            snippet: &f.snippet,
            fingerprint: &f.fingerprint,
            metavars: f.metavars.iter().map(JsonMetavar::from).collect(),
            dataflow: f.dataflow.iter().map(JsonStep::from).collect(),
            also_reported_by: &f.also_reported_by,
            fix: f.fix.as_deref(),
            triage: f.triage.as_deref(),
        }
    }
}

fn cwe_names(cwe: &[Cwe]) -> Vec<String> {
    cwe.iter().map(Cwe::to_string).collect()
}

#[derive(Serialize)]
struct JsonPosition {
    line: u32,
    col: u32,
    col_utf16: u32,
    offset: usize,
}

impl From<&Position> for JsonPosition {
    fn from(p: &Position) -> Self {
        JsonPosition {
            line: p.line,
            col: p.col,
            col_utf16: p.col_utf16,
            offset: p.offset,
        }
    }
}

#[derive(Serialize)]
struct JsonLocation<'a> {
    path: &'a str,
    start: JsonPosition,
    end: JsonPosition,
}

impl<'a> From<&'a FindingLocation> for JsonLocation<'a> {
    fn from(l: &'a FindingLocation) -> Self {
        JsonLocation {
            path: &l.path,
            start: JsonPosition::from(&l.start),
            end: JsonPosition::from(&l.end),
        }
    }
}

#[derive(Serialize)]
struct JsonMetavar<'a> {
    name: &'a str,
    text: &'a str,
    start: JsonPosition,
}

impl<'a> From<&'a MetavarBinding> for JsonMetavar<'a> {
    fn from(m: &'a MetavarBinding) -> Self {
        JsonMetavar {
            name: &m.name,
            text: &m.text,
            start: JsonPosition::from(&m.start),
        }
    }
}

#[derive(Serialize)]
struct JsonStep<'a> {
    role: &'static str,
    location: JsonLocation<'a>,
    text: &'a str,
    note: &'a str,
}

pub(crate) fn role_name(role: StepRole) -> &'static str {
    match role {
        StepRole::Source => "source",
        StepRole::Step => "step",
        StepRole::Sink => "sink",
    }
}

impl<'a> From<&'a DataflowStep> for JsonStep<'a> {
    fn from(s: &'a DataflowStep) -> Self {
        JsonStep {
            role: role_name(s.role),
            location: JsonLocation::from(&s.location),
            text: &s.text,
            note: &s.note,
        }
    }
}

#[derive(Serialize)]
struct JsonRule<'a> {
    id: &'a str,
    short_description: &'a str,
    help: &'a str,
    severity: &'static str,
    confidence: &'static str,
    cwe: Vec<String>,
    owasp: &'a [String],
    references: &'a [String],
    languages: &'a [String],
    taint: bool,
}

impl<'a> From<&'a RuleInfo> for JsonRule<'a> {
    fn from(r: &'a RuleInfo) -> Self {
        JsonRule {
            id: &r.id,
            short_description: &r.short_description,
            help: &r.help,
            severity: r.severity.as_str(),
            confidence: r.confidence.as_str(),
            cwe: cwe_names(&r.cwe),
            owasp: &r.owasp,
            references: &r.references,
            languages: &r.languages,
            taint: r.taint,
        }
    }
}

/// Findings per severity, every severity present, highest first.
#[derive(Serialize)]
pub(crate) struct SeverityCounts {
    critical: u64,
    high: u64,
    medium: u64,
    low: u64,
    info: u64,
}

impl SeverityCounts {
    pub(crate) fn of(summary: &ScanSummary) -> Self {
        let n = |s| summary.findings_by_severity.get(&s).copied().unwrap_or(0);
        SeverityCounts {
            critical: n(Severity::Critical),
            high: n(Severity::High),
            medium: n(Severity::Medium),
            low: n(Severity::Low),
            info: n(Severity::Info),
        }
    }
}

/// Skipped files per reason, only reasons with a count.
pub(crate) fn skipped_by_reason(summary: &ScanSummary) -> BTreeMap<&'static str, u64> {
    summary
        .skipped_by_reason
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(r, n)| (r.as_str(), *n))
        .collect()
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    files_scanned: u64,
    files_parsed: u64,
    files_cached: u64,
    lines_scanned: u64,
    bytes_scanned: u64,
    seconds: f64,
    taint_seconds: f64,
    taint_files_analysed: u64,
    #[serde(skip_serializing_if = "is_zero")]
    taint_files_lowered: u64,
    #[serde(skip_serializing_if = "is_zero")]
    taint_files_decoded: u64,
    #[serde(skip_serializing_if = "is_zero")]
    taint_files_matched: u64,
    #[serde(skip_serializing_if = "is_zero")]
    taint_summary_evaluations: u64,
    lines_per_second: f64,
    threads: usize,
    rules: usize,
    findings: u64,
    findings_by_severity: SeverityCounts,
    suppressed: u64,
    skipped_by_reason: BTreeMap<&'static str, u64>,
    file_issues: Vec<JsonIssue<'a>>,
    #[serde(skip_serializing_if = "is_zero")]
    twins_merged: u64,
    #[serde(skip_serializing_if = "is_zero")]
    default_ignored_dirs: u64,
    #[serde(skip_serializing_if = "is_zero")]
    default_ignored_files: u64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    skipped_rules: Vec<&'a ferret_core::RuleIssue>,
}

impl<'a> From<&'a ScanSummary> for JsonSummary<'a> {
    fn from(s: &'a ScanSummary) -> Self {
        JsonSummary {
            files_scanned: s.files_scanned,
            files_parsed: s.files_parsed,
            files_cached: s.files_cached,
            lines_scanned: s.lines_scanned,
            bytes_scanned: s.bytes_scanned,
            seconds: s.seconds,
            taint_seconds: s.taint_seconds,
            taint_files_analysed: s.taint_files_analysed,
            taint_files_lowered: s.taint_files_lowered,
            taint_files_decoded: s.taint_files_decoded,
            taint_files_matched: s.taint_files_matched,
            taint_summary_evaluations: s.taint_summary_evaluations,
            lines_per_second: s.lines_per_second(),
            threads: s.threads,
            rules: s.rules,
            findings: s.findings_by_severity.values().sum(),
            findings_by_severity: SeverityCounts::of(s),
            suppressed: s.suppressed,
            skipped_by_reason: skipped_by_reason(s),
            file_issues: s.file_issues.iter().map(JsonIssue::from).collect(),
            twins_merged: s.twins_merged,
            default_ignored_dirs: s.default_ignored_dirs,
            default_ignored_files: s.default_ignored_files,
            skipped_rules: s.skipped_rules.iter().collect(),
        }
    }
}

#[derive(Serialize)]
struct JsonIssue<'a> {
    path: &'a str,
    reason: &'static str,
    detail: &'a str,
}

impl<'a> From<&'a FileIssue> for JsonIssue<'a> {
    fn from(i: &'a FileIssue) -> Self {
        JsonIssue {
            path: &i.path,
            reason: i.reason.as_str(),
            detail: &i.detail,
        }
    }
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_report_has_every_key() {
        let json = to_json(&ScanReport::default()).expect("serialises");
        let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(v["version"], ENGINE_VERSION);
        assert_eq!(v["results"], serde_json::json!([]));
        assert_eq!(v["rules"], serde_json::json!([]));
        assert_eq!(v["summary"]["findings_by_severity"]["critical"], 0);
        assert_eq!(v["summary"]["lines_per_second"], 0.0);
    }

    #[test]
    fn non_finite_seconds_do_not_fail() {
        let mut report = ScanReport::default();
        report.summary.seconds = f64::NAN;
        let json = to_json(&report).expect("serialises");
        assert!(json.contains("\"seconds\": null"), "{json}");
    }
}
