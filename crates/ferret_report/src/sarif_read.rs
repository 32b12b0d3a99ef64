//! Reading SARIF 2.1.0 back into findings: Ferret's own logs exactly (fingerprints, dataflow
//! paths, confidence and earlier verdicts), and other tools' logs as far as they say (rule, level,
//! message, location, snippet, CWE tags, code flows). `ferret triage` starts from this.

use std::collections::HashMap;

use ferret_core::{
    Confidence, Cwe, DataflowStep, FileIssue, Finding, FindingLocation, Position, RuleInfo,
    RuleIssue, ScanReport, ScanSummary, Severity, SkipReason, StepRole, Triage,
};
use serde_json::Value;

/// Why a SARIF log cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum SarifReadError {
    /// Not JSON.
    #[error("not JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// JSON, but not a SARIF log.
    #[error("not a SARIF log: {0}")]
    Shape(String),
}

fn s<'a>(v: &'a Value, ptr: &str) -> Option<&'a str> {
    v.pointer(ptr).and_then(Value::as_str)
}

fn n(v: &Value, ptr: &str) -> Option<u32> {
    v.pointer(ptr)
        .and_then(Value::as_u64)
        .and_then(|x| u32::try_from(x).ok())
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(hex) = std::str::from_utf8(&b[i + 1..i + 3])
            && let Ok(x) = u8::from_str_radix(hex, 16)
        {
            out.push(x);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The path of an artifact location: `file://` URIs become paths; relative URIs stay relative
/// (to `%SRCROOT%`, which is where Ferret was run).
fn artifact_path(loc: &Value) -> Option<String> {
    let uri = s(loc, "/artifactLocation/uri")?;
    let path = if let Some(rest) = uri.strip_prefix("file://") {
        let rest = rest.strip_prefix("localhost").unwrap_or(rest);
        // `file:///C:/x` is a Windows drive path.
        let rest = if rest.len() > 3 && rest.as_bytes()[2] == b':' {
            &rest[1..]
        } else {
            rest
        };
        percent_decode(rest)
    } else if let Some(rest) = uri.strip_prefix("file:") {
        percent_decode(rest)
    } else {
        percent_decode(uri)
    };
    Some(path)
}

fn position(line: u32, col: u32) -> Position {
    Position {
        line: line.max(1),
        col: col.max(1),
        col_utf16: col.max(1),
        offset: 0,
    }
}

fn location(phys: &Value) -> Option<FindingLocation> {
    let path = artifact_path(phys)?;
    let line = n(phys, "/region/startLine").unwrap_or(1);
    let col = n(phys, "/region/startColumn").unwrap_or(1);
    let end_line = n(phys, "/region/endLine").unwrap_or(line);
    let end_col = n(phys, "/region/endColumn").unwrap_or(col);
    Some(FindingLocation {
        path,
        start: position(line, col),
        end: position(end_line, end_col),
    })
}

fn cwes_of(v: &Value) -> Vec<Cwe> {
    let mut out: Vec<Cwe> = Vec::new();
    let lists = ["/properties/cwe", "/properties/tags"];
    for l in lists {
        for t in v.pointer(l).and_then(Value::as_array).into_iter().flatten() {
            if let Some(t) = t.as_str()
                && t.to_ascii_lowercase().contains("cwe")
                && let Ok(c) = t.parse::<Cwe>()
                && !out.contains(&c)
            {
                out.push(c);
            }
        }
    }
    out
}

fn severity_of(level: Option<&str>, security: Option<&str>) -> Severity {
    if let Some(score) = security.and_then(|s| s.parse::<f64>().ok()) {
        return match score {
            x if x >= 9.0 => Severity::Critical,
            x if x >= 7.0 => Severity::High,
            x if x >= 4.0 => Severity::Medium,
            x if x > 0.0 => Severity::Low,
            _ => Severity::Info,
        };
    }
    match level {
        Some("error") => Severity::High,
        Some("note") | Some("none") => Severity::Info,
        _ => Severity::Medium,
    }
}

/// Adds a run's figures (Ferret's `run.properties`) and its skipped files (tool execution
/// notifications with a `reason`) to `summary`.
fn read_summary(run: &Value, summary: &mut ScanSummary) {
    let p = |k: &str| {
        run.pointer(&format!("/properties/{k}"))
            .and_then(Value::as_u64)
            .unwrap_or(0)
    };
    summary.files_scanned += p("filesScanned");
    summary.files_parsed += p("filesParsed");
    summary.lines_scanned += p("linesScanned");
    summary.bytes_scanned += p("bytesScanned");
    summary.suppressed += p("suppressed");
    summary.threads = summary.threads.max(p("threads") as usize);
    summary.rules = summary.rules.max(p("rules") as usize);
    if let Some(secs) = run.pointer("/properties/seconds").and_then(Value::as_f64) {
        summary.seconds = summary.seconds.max(secs);
    }
    let notes = run
        .pointer("/invocations/0/toolExecutionNotifications")
        .and_then(Value::as_array);
    for n in notes.into_iter().flatten() {
        if n.pointer("/properties/reason").and_then(Value::as_str)
            == Some(crate::sarif::RULE_SKIPPED)
        {
            summary.skipped_rules.push(rule_issue(n));
            continue;
        }
        let Some(reason) = n
            .pointer("/properties/reason")
            .and_then(|r| serde_json::from_value::<SkipReason>(r.clone()).ok())
        else {
            continue;
        };
        let path = n
            .pointer("/locations/0/physicalLocation")
            .and_then(artifact_path)
            .unwrap_or_default();
        let text = s(n, "/message/text").unwrap_or("");
        let detail = text.split_once("): ").map_or("", |(_, d)| d).to_string();
        *summary.skipped_by_reason.entry(reason).or_default() += 1;
        summary.file_issues.push(FileIssue {
            path,
            reason,
            detail,
        });
    }
}

/// A `rule-skipped` notification back as the rule issue it was written from.
fn rule_issue(n: &Value) -> RuleIssue {
    let text = s(n, "/message/text").unwrap_or("");
    RuleIssue {
        file: n
            .pointer("/locations/0/physicalLocation")
            .and_then(artifact_path)
            .unwrap_or_default(),
        line: 0,
        rule: s(n, "/properties/ruleId").unwrap_or("?").to_string(),
        path: s(n, "/properties/yamlPath").unwrap_or("").to_string(),
        message: text.split_once("`: ").map_or(text, |(_, m)| m).to_string(),
    }
}

/// Joins reports (shard outputs): rules by id, findings deduplicated by rule, fingerprint and
/// place, figures added up (seconds: the longest), skipped files listed once each.
pub fn merge_reports(reports: Vec<ScanReport>) -> ScanReport {
    let mut out = ScanReport::default();
    let mut rule_ids = std::collections::BTreeSet::new();
    let mut seen = std::collections::HashSet::new();
    let mut issues = std::collections::BTreeSet::new();
    for r in reports {
        for rule in r.rules {
            if rule_ids.insert(rule.id.clone()) {
                out.rules.push(rule);
            }
        }
        for f in r.findings {
            let key = (
                f.rule_id.clone(),
                f.fingerprint.clone(),
                f.location.path.clone(),
                f.location.start.line,
                f.location.start.col_utf16,
            );
            if seen.insert(key) {
                out.findings.push(f);
            }
        }
        let s = r.summary;
        out.summary.files_scanned += s.files_scanned;
        out.summary.files_parsed += s.files_parsed;
        out.summary.lines_scanned += s.lines_scanned;
        out.summary.bytes_scanned += s.bytes_scanned;
        out.summary.suppressed += s.suppressed;
        out.summary.seconds = out.summary.seconds.max(s.seconds);
        out.summary.threads = out.summary.threads.max(s.threads);
        out.summary.rules = out.summary.rules.max(s.rules);
        for i in s.skipped_rules {
            if !out.summary.skipped_rules.contains(&i) {
                out.summary.skipped_rules.push(i);
            }
        }
        for i in s.file_issues {
            if issues.insert((i.path.clone(), i.reason, i.detail.clone())) {
                *out.summary.skipped_by_reason.entry(i.reason).or_default() += 1;
                out.summary.file_issues.push(i);
            }
        }
    }
    out.rules.sort_by(|a, b| a.id.cmp(&b.id));
    out.findings.sort_by(|a, b| {
        (
            &a.location.path,
            a.location.start.line,
            a.location.start.col,
            &a.rule_id,
        )
            .cmp(&(
                &b.location.path,
                b.location.start.line,
                b.location.start.col,
                &b.rule_id,
            ))
    });
    out.recount();
    out.summary.file_issues.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Reads a SARIF log into a report: the rules of every run's driver and every result.
pub fn read_sarif(text: &str) -> Result<ScanReport, SarifReadError> {
    let log: Value = serde_json::from_str(text)?;
    let runs = log
        .get("runs")
        .and_then(Value::as_array)
        .ok_or_else(|| SarifReadError::Shape("no `runs` array".into()))?;
    let mut report = ScanReport::default();
    for run in runs {
        read_summary(run, &mut report.summary);
        let rules: Vec<&Value> = run
            .pointer("/tool/driver/rules")
            .and_then(Value::as_array)
            .map(|r| r.iter().collect())
            .unwrap_or_default();
        let mut by_id: HashMap<&str, &Value> = HashMap::new();
        for r in &rules {
            if let Some(id) = s(r, "/id") {
                by_id.insert(id, r);
                let conf = s(r, "/properties/precision")
                    .and_then(|p| match p {
                        "very-high" | "high" => Some(Confidence::High),
                        "medium" => Some(Confidence::Medium),
                        "low" => Some(Confidence::Low),
                        _ => None,
                    })
                    .unwrap_or_default();
                report.rules.push(RuleInfo {
                    id: id.to_string(),
                    short_description: s(r, "/shortDescription/text").unwrap_or("").to_string(),
                    help: s(r, "/help/text").unwrap_or("").to_string(),
                    severity: severity_of(
                        s(r, "/defaultConfiguration/level"),
                        s(r, "/properties/security-severity"),
                    ),
                    confidence: conf,
                    cwe: cwes_of(r),
                    ..RuleInfo::default()
                });
            }
        }
        for res in run
            .get("results")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let rule_id = s(res, "/ruleId")
                .or_else(|| s(res, "/rule/id"))
                .map(str::to_string)
                .or_else(|| {
                    res.get("ruleIndex")
                        .and_then(Value::as_u64)
                        .and_then(|i| rules.get(i as usize))
                        .and_then(|r| s(r, "/id"))
                        .map(str::to_string)
                })
                .unwrap_or_else(|| "unknown".into());
            let rule = by_id.get(rule_id.as_str()).copied();
            let Some(phys) = res.pointer("/locations/0/physicalLocation") else {
                continue;
            };
            let Some(loc) = location(phys) else { continue };
            let severity = match s(res, "/properties/severity").and_then(|x| x.parse().ok()) {
                Some(sev) => sev,
                None => severity_of(
                    s(res, "/level")
                        .or_else(|| rule.and_then(|r| s(r, "/defaultConfiguration/level"))),
                    rule.and_then(|r| s(r, "/properties/security-severity")),
                ),
            };
            let confidence = s(res, "/properties/confidence")
                .and_then(|c| c.parse().ok())
                .or_else(|| {
                    report
                        .rules
                        .iter()
                        .find(|r| r.id == rule_id)
                        .map(|r| r.confidence)
                })
                .unwrap_or_default();
            let snippet = s(phys, "/contextRegion/snippet/text")
                .or_else(|| s(phys, "/region/snippet/text"))
                .unwrap_or("")
                .to_string();
            let fingerprint = res
                .get("partialFingerprints")
                .and_then(|p| {
                    p.get("ferret/v1")
                        .or_else(|| p.as_object()?.values().next())
                })
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| {
                    ferret_core::fingerprint(&rule_id, &loc.path, &snippet, loc.start.line as usize)
                });
            let mut dataflow = Vec::new();
            let steps = res
                .pointer("/codeFlows/0/threadFlows/0/locations")
                .and_then(Value::as_array);
            for (i, step) in steps.into_iter().flatten().enumerate() {
                let Some(sphys) = step.pointer("/location/physicalLocation") else {
                    continue;
                };
                let Some(sloc) = location(sphys) else {
                    continue;
                };
                let msg = s(step, "/location/message/text").unwrap_or("");
                let (role, note) = match msg.split_once(':') {
                    Some(("source", rest)) => (StepRole::Source, rest.trim()),
                    Some(("sink", rest)) => (StepRole::Sink, rest.trim()),
                    Some(("step", rest)) => (StepRole::Step, rest.trim()),
                    _ => match msg {
                        "source" => (StepRole::Source, ""),
                        "sink" => (StepRole::Sink, ""),
                        _ => (
                            if i == 0 {
                                StepRole::Source
                            } else {
                                StepRole::Step
                            },
                            msg,
                        ),
                    },
                };
                dataflow.push(DataflowStep {
                    role,
                    location: sloc,
                    text: s(sphys, "/contextRegion/snippet/text")
                        .or_else(|| s(sphys, "/region/snippet/text"))
                        .unwrap_or("")
                        .to_string(),
                    note: note.to_string(),
                });
            }
            if let Some(last) = dataflow.last_mut()
                && last.role == StepRole::Step
            {
                last.role = StepRole::Sink;
            }
            let mut cwe = cwes_of(res);
            if cwe.is_empty() {
                cwe = rule.map(cwes_of).unwrap_or_default();
            }
            let triage: Option<Box<Triage>> = res
                .pointer("/properties/triage")
                .and_then(|t| serde_json::from_value(t.clone()).ok())
                .map(Box::new);
            report.findings.push(Finding {
                rule_id,
                message: s(res, "/message/text").unwrap_or("").to_string(),
                severity,
                confidence,
                cwe,
                language: s(res, "/properties/language").unwrap_or("").to_string(),
                location: loc,
                snippet,
                fingerprint,
                metavars: Vec::new(),
                dataflow,
                fix: s(
                    res,
                    "/fixes/0/artifactChanges/0/replacements/0/insertedContent/text",
                )
                .map(str::to_string),
                triage,
                also_reported_by: res
                    .pointer("/properties/alsoReportedBy")
                    .and_then(|v| serde_json::from_value(v.clone()).ok())
                    .unwrap_or_default(),
                redact: Vec::new(),
            });
        }
    }
    Ok(report)
}
