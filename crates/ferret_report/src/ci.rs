//! Formats that CI systems ingest: JUnit XML (one test suite per rule, one failed test case per
//! finding) and GitLab's SAST report (schema 15.x, shown in merge requests and the security
//! dashboard).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use ferret_core::{ENGINE_VERSION, Finding, ScanReport, Severity};
use serde_json::{Value, json};

use crate::ReportError;
use crate::html::escape as xml_escape;

/// Renders JUnit XML. Findings the model judged false positives are reported as skipped.
pub fn to_junit(report: &ScanReport) -> String {
    let mut by_rule: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &report.findings {
        by_rule.entry(f.rule_id.as_str()).or_default().push(f);
    }
    let fp = |f: &Finding| {
        f.triage.as_ref().and_then(|t| t.verdict) == Some(ferret_core::Verdict::FalsePositive)
    };
    let failures = report.findings.iter().filter(|f| !fp(f)).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"ferret\" tests=\"{}\" failures=\"{failures}\" time=\"{:.3}\">",
        report.findings.len(),
        report.summary.seconds
    );
    for (rule, findings) in &by_rule {
        let fails = findings.iter().filter(|f| !fp(f)).count();
        let skipped = findings.len() - fails;
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{fails}\" skipped=\"{skipped}\">",
            xml_escape(rule),
            findings.len()
        );
        for f in findings {
            let name = format!("{}:{}", f.location.path, f.location.start.line);
            let _ = writeln!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\">",
                xml_escape(rule),
                xml_escape(&name),
                xml_escape(&f.location.path),
                f.location.start.line
            );
            let mut body = format!(
                "{}\n{}:{}:{}\n{}",
                f.message.trim(),
                f.location.path,
                f.location.start.line,
                f.location.start.col,
                f.snippet
            );
            if let Some(t) = &f.triage {
                let _ = write!(
                    body,
                    "\nmodel: {} {}",
                    t.verdict.map(|v| v.as_str()).unwrap_or(t.status.as_str()),
                    t.explanation
                );
            }
            if fp(f) {
                let _ = writeln!(
                    out,
                    "      <skipped message=\"judged a false positive by the model pass\"/>"
                );
            } else {
                let _ = writeln!(
                    out,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    xml_escape(f.message.lines().next().unwrap_or("").trim()),
                    f.severity.as_str(),
                    xml_escape(&body)
                );
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn gitlab_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
        Severity::Info => "Info",
    }
}

/// `YYYY-MM-DDTHH:MM:SS` (UTC) of unix seconds.
fn timestamp(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (H. Hinnant).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A UUID-shaped id from a finding's fingerprint (stable across runs).
fn uuid_of(f: &Finding) -> String {
    let h = blake3::hash(format!("{}\0{}", f.rule_id, f.fingerprint).as_bytes()).to_hex();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Renders a GitLab SAST report. `finished_at` is the scan's end in unix seconds.
pub fn to_gitlab_sast(report: &ScanReport, finished_at: i64) -> Result<String, ReportError> {
    let started_at = finished_at - report.summary.seconds.ceil() as i64;
    let scanner = json!({"id": "ferret", "name": "Ferret"});
    let vulns: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut identifiers = vec![json!({
                "type": "ferret_rule_id",
                "name": format!("Ferret - {}", f.rule_id),
                "value": f.rule_id,
            })];
            for c in &f.cwe {
                identifiers.push(json!({
                    "type": "cwe",
                    "name": c.to_string(),
                    "value": c.0.to_string(),
                    "url": format!("https://cwe.mitre.org/data/definitions/{}.html", c.0),
                }));
            }
            let mut description = f.message.trim().to_string();
            if let Some(t) = &f.triage
                && let Some(v) = t.verdict
            {
                let _ = write!(
                    description,
                    "\n\nModel verdict: {} — {}",
                    v.as_str(),
                    t.explanation
                );
            }
            json!({
                "id": uuid_of(f),
                "category": "sast",
                "name": f.message.lines().next().unwrap_or(&f.rule_id).trim(),
                "description": description,
                "severity": gitlab_severity(f.severity),
                "scanner": scanner,
                "location": {
                    "file": f.location.path.trim_start_matches("./"),
                    "start_line": f.location.start.line,
                    "end_line": f.location.end.line.max(f.location.start.line),
                },
                "identifiers": identifiers,
            })
        })
        .collect();
    let doc = json!({
        "version": "15.0.7",
        "scan": {
            "analyzer": {"id": "ferret", "name": "Ferret", "version": ENGINE_VERSION,
                "vendor": {"name": "Ferret"}},
            "scanner": {"id": "ferret", "name": "Ferret", "version": ENGINE_VERSION,
                "vendor": {"name": "Ferret"}},
            "type": "sast",
            "start_time": timestamp(started_at),
            "end_time": timestamp(finished_at),
            "status": "success",
        },
        "vulnerabilities": vulns,
    });
    Ok(serde_json::to_string_pretty(&doc)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_civil_utc() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00");
        assert_eq!(timestamp(951_782_400), "2000-02-29T00:00:00");
        assert_eq!(timestamp(1_796_000_000), "2026-11-30T00:53:20");
    }
}
