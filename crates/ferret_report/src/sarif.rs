//! The SARIF 2.1.0 sink, for GitHub code scanning and other SARIF viewers.
//!
//! The SARIF objects are small serde structs holding only what Ferret fills in; the output is
//! checked against the OASIS schema in this crate's tests.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use ferret_core::{
    Confidence, Cwe, DataflowStep, ENGINE_VERSION, FileIssue, Finding, FindingLocation, RuleInfo,
    RuleIssue, ScanReport, ScanSummary, Severity, SkipReason,
};
use serde::Serialize;

use crate::ReportError;
use crate::json::{SeverityCounts, role_name, skipped_by_reason};

/// The `$schema` written into every SARIF log.
pub const SARIF_SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The `uriBaseId` of relative artifact paths.
const SRCROOT: &str = "%SRCROOT%";

mod fixes;

/// The key of Ferret's fingerprint in `partialFingerprints`.
const FINGERPRINT_KEY: &str = "ferret/v1";

/// Where the driver's `informationUri` points: the workspace's `repository`.
const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

/// How [`to_sarif`] writes the log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SarifOptions {
    /// The directory that relative paths are relative to, written as `%SRCROOT%` in
    /// `run.originalUriBaseIds`. Either an absolute path (`/home/me/repo`, `C:\repo`), which is
    /// turned into a `file://` URI, or a URI with a scheme, used as given. A trailing `/` is
    /// added. SARIF wants this absolute; a relative path is written as a relative reference.
    /// `None` leaves `%SRCROOT%` for the consumer to resolve (GitHub does).
    pub src_root: Option<String>,
}

/// Renders `report` as a SARIF 2.1.0 log with one run, pretty-printed.
///
/// Rules become `tool.driver.rules` (with CWE tags in both the `CWE-89` and the
/// `external/cwe/cwe-089` style, `precision` and `security-severity`), findings become
/// `results` with UTF-16 columns, Ferret's fingerprint under `partialFingerprints["ferret/v1"]`
/// and, for taint findings, a `codeFlow`. Skipped and failed files become warnings in
/// `invocations[0].toolExecutionNotifications`; `executionSuccessful` is false exactly when some
/// file failed (see `SkipReason::is_failure`). The summary figures go in `run.properties`.
pub fn to_sarif(report: &ScanReport, opts: &SarifOptions) -> Result<String, ReportError> {
    let mut rules: Vec<Rule<'_>> = Vec::with_capacity(report.rules.len());
    let mut index: HashMap<&str, usize> = HashMap::new();
    for r in &report.rules {
        if !index.contains_key(r.id.as_str()) {
            index.insert(&r.id, rules.len());
            rules.push(Rule::from_info(r));
        }
    }
    // A finding whose rule is not described still gets a descriptor, built from the finding.
    for f in &report.findings {
        if !index.contains_key(f.rule_id.as_str()) {
            index.insert(&f.rule_id, rules.len());
            rules.push(Rule::from_finding(f));
        }
    }
    let results = report
        .findings
        .iter()
        .map(|f| SarifResult::new(f, index.get(f.rule_id.as_str()).copied()))
        .collect();

    let summary = &report.summary;
    let log = Log {
        schema: SARIF_SCHEMA_URI,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "ferret",
                    semantic_version: ENGINE_VERSION,
                    information_uri: (!INFORMATION_URI.is_empty()).then_some(INFORMATION_URI),
                    rules,
                },
            },
            invocations: vec![Invocation {
                execution_successful: !summary.has_failures(),
                tool_execution_notifications: summary
                    .file_issues
                    .iter()
                    .map(Notification::from)
                    .chain(summary.skipped_rules.iter().map(Notification::from))
                    .collect(),
            }],
            original_uri_base_ids: opts.src_root.as_deref().map(|root| {
                BTreeMap::from([(
                    SRCROOT,
                    BaseUri {
                        uri: base_uri(root),
                    },
                )])
            }),
            results,
            column_kind: "utf16CodeUnits",
            properties: RunProperties {
                model_run: report.model_run.clone(),
                ..RunProperties::from(summary)
            },
        }],
    };
    Ok(serde_json::to_string_pretty(&log)?)
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: Vec<Invocation<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<BTreeMap<&'static str, BaseUri>>,
    results: Vec<SarifResult<'a>>,
    column_kind: &'static str,
    properties: RunProperties,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: Cow<'a, str>,
}

#[derive(Serialize)]
struct TextAndMarkdown {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    name: String,
    short_description: Text<'a>,
    full_description: Text<'a>,
    help: TextAndMarkdown,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    precision: &'static str,
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
    cwe: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    owasp: Vec<String>,
}

impl RuleProperties {
    fn new(severity: Severity, confidence: Confidence, cwe: &[Cwe], owasp: &[String]) -> Self {
        let mut tags = vec!["security".to_string()];
        for c in cwe {
            for tag in [c.to_string(), c.external_tag()] {
                // The schema wants tags unique.
                if !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
        }
        let mut names: Vec<String> = Vec::with_capacity(cwe.len());
        for c in cwe {
            let name = c.to_string();
            if !names.contains(&name) {
                names.push(name);
            }
        }
        RuleProperties {
            tags,
            precision: confidence.as_str(),
            security_severity: security_severity(severity),
            cwe: names,
            owasp: owasp.to_vec(),
        }
    }
}

/// GitHub's `security-severity` score for a severity.
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

/// A SARIF `name`: the rule id in PascalCase, `py.exec.os-system` → `PyExecOsSystem`.
fn rule_name(id: &str) -> String {
    let name: String = id
        .split(|c: char| !c.is_alphanumeric())
        .filter(|part| !part.is_empty())
        .flat_map(|part| {
            let mut chars = part.chars();
            let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
            first
                .into_iter()
                .chain(std::iter::once(chars.as_str().to_string()))
        })
        .collect();
    if name.is_empty() {
        id.to_string()
    } else {
        name
    }
}

impl<'a> Rule<'a> {
    fn from_info(r: &'a RuleInfo) -> Self {
        let short = if r.short_description.trim().is_empty() {
            r.id.as_str()
        } else {
            r.short_description.trim()
        };
        let help = r.help.trim();
        let full = help
            .split("\n\n")
            .map(str::trim)
            .find(|p| !p.is_empty())
            .unwrap_or(short);
        let mut text = if help.is_empty() {
            short.to_string()
        } else {
            help.to_string()
        };
        let mut markdown = text.clone();
        if !r.references.is_empty() {
            text.push_str("\n\nReferences:");
            markdown.push_str("\n\n#### References");
            for url in &r.references {
                text.push_str(&format!("\n- {url}"));
                markdown.push_str(&format!("\n- <{url}>"));
            }
        }
        Rule {
            id: &r.id,
            name: rule_name(&r.id),
            short_description: Text {
                text: Cow::Borrowed(short),
            },
            full_description: Text {
                text: Cow::Borrowed(full),
            },
            help: TextAndMarkdown { text, markdown },
            default_configuration: Configuration {
                level: r.severity.sarif_level(),
            },
            properties: RuleProperties::new(r.severity, r.confidence, &r.cwe, &r.owasp),
        }
    }

    fn from_finding(f: &'a Finding) -> Self {
        let short = f.message.lines().next().unwrap_or("").trim();
        let short = if short.is_empty() { &f.rule_id } else { short };
        Rule {
            id: &f.rule_id,
            name: rule_name(&f.rule_id),
            short_description: Text {
                text: Cow::Borrowed(short),
            },
            full_description: Text {
                text: Cow::Borrowed(short),
            },
            help: TextAndMarkdown {
                text: short.to_string(),
                markdown: short.to_string(),
            },
            default_configuration: Configuration {
                level: f.severity.sarif_level(),
            },
            properties: RuleProperties::new(f.severity, f.confidence, &f.cwe, &[]),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<'a>,
    locations: Vec<Location<'a>>,
    partial_fingerprints: BTreeMap<&'static str, &'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    code_flows: Vec<CodeFlow<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<fixes::Fix<'a>>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    confidence: &'static str,
    severity: &'static str,
    language: &'a str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    metavars: BTreeMap<&'a str, &'a str>,
    /// Rules whose findings of the same weakness on this line were merged into this one.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    also_reported_by: &'a [String],
    /// The model pass: verdict, its confidence, status, model and prompt version at the top
    /// level for filtering, and the whole record under `triage`.
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict_confidence: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    triage_status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    model: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prompt_version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    triage: Option<&'a ferret_core::Triage>,
}

impl<'a> SarifResult<'a> {
    fn new(f: &'a Finding, rule_index: Option<usize>) -> Self {
        let code_flows = if f.dataflow.is_empty() {
            Vec::new()
        } else {
            let locations = f
                .dataflow
                .iter()
                .map(|step| {
                    let role = role_name(step.role);
                    let note = step.note.trim();
                    let text = if note.is_empty() {
                        role.to_string()
                    } else {
                        format!("{role}: {note}")
                    };
                    ThreadFlowLocation {
                        location: Location {
                            physical_location: step_location(step),
                            message: Some(Text {
                                text: Cow::Owned(text),
                            }),
                        },
                    }
                })
                .collect();
            vec![CodeFlow {
                thread_flows: vec![ThreadFlow { locations }],
            }]
        };
        SarifResult {
            rule_id: &f.rule_id,
            rule_index,
            level: f.severity.sarif_level(),
            message: Text {
                text: Cow::Borrowed(&f.message),
            },
            locations: vec![Location {
                physical_location: physical_location(
                    &f.location,
                    region_text(f).or(Some(&f.snippet)),
                    context_region(f),
                ),
                message: None,
            }],
            partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, f.fingerprint.as_str())]),
            code_flows,
            fixes: fixes::fixes(f),
            properties: ResultProperties {
                confidence: f.confidence.as_str(),
                severity: f.severity.as_str(),
                language: &f.language,
                metavars: f
                    .metavars
                    .iter()
                    .map(|m| (m.name.as_str(), m.text.as_str()))
                    .collect(),
                also_reported_by: &f.also_reported_by,
                verdict: f
                    .triage
                    .as_ref()
                    .and_then(|t| t.verdict)
                    .map(|v| v.as_str()),
                verdict_confidence: f.triage.as_ref().and_then(|t| t.confidence).map(|c| c.0),
                triage_status: f.triage.as_ref().map(|t| t.status.as_str()),
                model: f.triage.as_ref().map(|t| t.model.as_str()),
                prompt_version: f.triage.as_ref().map(|t| t.prompt_version.as_str()),
                triage: f.triage.as_deref(),
            },
        }
    }
}

/// The matched text, cut out of the finding's snippet (which starts at the start of the first
/// matched line), or `None` if the snippet does not cover it.
fn region_text(f: &Finding) -> Option<&str> {
    let (start, end) = (&f.location.start, &f.location.end);
    let from = (start.col as usize).checked_sub(1)?;
    let len = end.offset.checked_sub(start.offset)?;
    f.snippet.get(from..from.checked_add(len)?)
}

/// The whole matched lines, when the snippet holds them.
fn context_region(f: &Finding) -> Option<Region<'_>> {
    region_text(f)?;
    let start_line = f.location.start.line.max(1);
    let lines = f.snippet.lines().count().max(1) as u32;
    let end_line = start_line.saturating_add(lines - 1);
    (end_line >= f.location.end.line).then_some(Region {
        start_line,
        start_column: None,
        end_line: Some(end_line),
        end_column: None,
        snippet: Some(Text {
            text: Cow::Borrowed(&f.snippet),
        }),
    })
}

/// A dataflow step's place: its region, with the step's line of code as the context.
fn step_location(step: &DataflowStep) -> PhysicalLocation<'_> {
    let mut loc = physical_location(&step.location, None, None);
    let text = step.text.trim();
    if let (Some(region), false) = (&loc.region, text.is_empty()) {
        loc.context_region = Some(Region {
            start_line: region.start_line,
            start_column: None,
            end_line: region.end_line,
            end_column: None,
            snippet: Some(Text {
                text: Cow::Borrowed(text),
            }),
        });
    }
    loc
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    context_region: Option<Region<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
struct BaseUri {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region<'a> {
    start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text<'a>>,
}

/// A location with a region in UTF-16 columns, repaired so the schema's minimums and the
/// end-after-start rule hold whatever the finding says.
fn physical_location<'a>(
    loc: &FindingLocation,
    snippet: Option<&'a str>,
    context_region: Option<Region<'a>>,
) -> PhysicalLocation<'a> {
    let col = |p: &ferret_core::Position| if p.col_utf16 > 0 { p.col_utf16 } else { p.col }.max(1);
    let start_line = loc.start.line.max(1);
    let start_column = col(&loc.start);
    let (mut end_line, mut end_column) = (loc.end.line.max(1), col(&loc.end));
    if (end_line, end_column) < (start_line, start_column) {
        (end_line, end_column) = (start_line, start_column);
    }
    PhysicalLocation {
        artifact_location: artifact_location(&loc.path),
        region: Some(Region {
            start_line,
            start_column: Some(start_column),
            end_line: Some(end_line),
            end_column: Some(end_column),
            snippet: snippet.map(|s| Text {
                text: Cow::Borrowed(s),
            }),
        }),
        context_region,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CodeFlow<'a> {
    thread_flows: Vec<ThreadFlow<'a>>,
}

#[derive(Serialize)]
struct ThreadFlow<'a> {
    locations: Vec<ThreadFlowLocation<'a>>,
}

#[derive(Serialize)]
struct ThreadFlowLocation<'a> {
    location: Location<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: Text<'a>,
    locations: Vec<Location<'a>>,
    properties: NotificationProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NotificationProperties<'a> {
    reason: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    yaml_path: Option<&'a str>,
}

/// The `properties.reason` of a rule that could not be compiled and was skipped.
pub(crate) const RULE_SKIPPED: &str = "rule-skipped";

impl<'a> From<&'a RuleIssue> for Notification<'a> {
    fn from(i: &'a RuleIssue) -> Self {
        Notification {
            level: "warning",
            message: Text {
                text: Cow::Owned(format!(
                    "rule `{}` skipped: at `{}`: {}",
                    i.rule, i.path, i.message
                )),
            },
            locations: vec![Location {
                physical_location: PhysicalLocation {
                    artifact_location: artifact_location(&i.file),
                    region: None,
                    context_region: None,
                },
                message: None,
            }],
            properties: NotificationProperties {
                reason: RULE_SKIPPED,
                rule_id: Some(&i.rule),
                yaml_path: Some(&i.path),
            },
        }
    }
}

impl<'a> From<&'a FileIssue> for Notification<'a> {
    fn from(i: &'a FileIssue) -> Self {
        let detail = i.detail.trim();
        let what = match i.reason {
            SkipReason::MatchBudget => "incompletely scanned",
            r if r.is_failure() => "not scanned",
            _ => "skipped",
        };
        let text = if detail.is_empty() {
            format!("{what} ({})", i.reason.as_str())
        } else {
            format!("{what} ({}): {detail}", i.reason.as_str())
        };
        Notification {
            level: "warning",
            message: Text {
                text: Cow::Owned(text),
            },
            locations: vec![Location {
                physical_location: PhysicalLocation {
                    artifact_location: artifact_location(&i.path),
                    region: None,
                    context_region: None,
                },
                message: None,
            }],
            properties: NotificationProperties {
                reason: i.reason.as_str(),
                rule_id: None,
                yaml_path: None,
            },
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunProperties {
    files_scanned: u64,
    files_parsed: u64,
    lines_scanned: u64,
    bytes_scanned: u64,
    seconds: f64,
    lines_per_second: f64,
    threads: usize,
    rules: usize,
    findings: u64,
    findings_by_severity: SeverityCounts,
    suppressed: u64,
    skipped_by_reason: BTreeMap<&'static str, u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    model_run: Option<ferret_core::ModelRunSummary>,
}

impl From<&ScanSummary> for RunProperties {
    fn from(s: &ScanSummary) -> Self {
        RunProperties {
            files_scanned: s.files_scanned,
            files_parsed: s.files_parsed,
            lines_scanned: s.lines_scanned,
            bytes_scanned: s.bytes_scanned,
            seconds: s.seconds,
            lines_per_second: s.lines_per_second(),
            threads: s.threads,
            rules: s.rules,
            findings: s.findings_by_severity.values().sum(),
            findings_by_severity: SeverityCounts::of(s),
            suppressed: s.suppressed,
            skipped_by_reason: skipped_by_reason(s),
            model_run: None,
        }
    }
}

/// The artifact location of a finding's path: relative paths stay relative to `%SRCROOT%`,
/// absolute ones become `file://` URIs. Backslashes count as separators.
fn artifact_location(path: &str) -> ArtifactLocation {
    let path = path.replace('\\', "/");
    if let Some(uri) = absolute_file_uri(&path) {
        return ArtifactLocation {
            uri,
            uri_base_id: None,
        };
    }
    let mut rel = path.as_str();
    while let Some(rest) = rel.strip_prefix("./") {
        rel = rest.trim_start_matches('/');
    }
    ArtifactLocation {
        uri: percent_encode_path(rel),
        uri_base_id: Some(SRCROOT),
    }
}

/// `file://` URI of an absolute `/`-separated path (`/x`, `//host/share/x`, `C:/x`).
fn absolute_file_uri(path: &str) -> Option<String> {
    let b = path.as_bytes();
    if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' && b.get(2) == Some(&b'/') {
        // Windows drive path: keep `C:` readable.
        Some(format!(
            "file:///{}:{}",
            &path[..1],
            percent_encode_path(&path[2..])
        ))
    } else if path.starts_with("//") {
        Some(format!("file:{}", percent_encode_path(path)))
    } else if path.starts_with('/') {
        Some(format!("file://{}", percent_encode_path(path)))
    } else {
        None
    }
}

/// The `originalUriBaseIds` URI for `--src-root`: with a trailing `/`.
fn base_uri(root: &str) -> String {
    let mut uri = if has_scheme(root) {
        root.to_string()
    } else {
        let path = root.replace('\\', "/");
        absolute_file_uri(&path).unwrap_or_else(|| percent_encode_path(&path))
    };
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Whether `s` starts with a URI scheme (two characters at least, so `C:` is a drive).
fn has_scheme(s: &str) -> bool {
    let Some((scheme, _)) = s.split_once(':') else {
        return false;
    };
    scheme.len() >= 2
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Percent-encodes a `/`-separated path per RFC 3986: everything but unreserved characters and
/// `/` is written as `%XX` of its UTF-8 bytes (so `:` in a first segment cannot pass for a
/// scheme, and spaces, `#`, `?`, `%` and non-ASCII are safe).
fn percent_encode_path(path: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_encoded_against_srcroot() {
        let a = artifact_location("src/my file#1.py");
        assert_eq!(a.uri, "src/my%20file%231.py");
        assert_eq!(a.uri_base_id, Some(SRCROOT));
        assert_eq!(artifact_location("./a/ü.js").uri, "a/%C3%BC.js");
        assert_eq!(artifact_location("a:b.py").uri, "a%3Ab.py");
        assert_eq!(artifact_location("src\\win.cs").uri, "src/win.cs");
        assert_eq!(artifact_location("100%.txt").uri, "100%25.txt");
    }

    #[test]
    fn absolute_paths_become_file_uris() {
        let a = artifact_location("/home/me/x y.py");
        assert_eq!(a.uri, "file:///home/me/x%20y.py");
        assert_eq!(a.uri_base_id, None);
        assert_eq!(
            artifact_location("C:\\src\\a.cs").uri,
            "file:///C:/src/a.cs"
        );
        assert_eq!(
            artifact_location("//server/share/a.c").uri,
            "file://server/share/a.c"
        );
    }

    #[test]
    fn base_uris_end_with_a_slash() {
        assert_eq!(base_uri("/repo"), "file:///repo/");
        assert_eq!(base_uri("/repo/"), "file:///repo/");
        assert_eq!(base_uri("C:\\src\\repo"), "file:///C:/src/repo/");
        assert_eq!(base_uri("https://example.com/r"), "https://example.com/r/");
        assert_eq!(base_uri("file:///r/"), "file:///r/");
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(rule_name("py.exec.os-system"), "PyExecOsSystem");
        assert_eq!(rule_name("x"), "X");
        assert_eq!(rule_name("..."), "...");
    }

    #[test]
    fn tags_are_unique_even_with_repeated_cwes() {
        let p = RuleProperties::new(Severity::High, Confidence::Low, &[Cwe(89), Cwe(89)], &[]);
        assert_eq!(p.tags, ["security", "CWE-89", "external/cwe/cwe-089"]);
        assert_eq!(p.cwe, ["CWE-89"]);
        assert_eq!(p.precision, "low");
        assert_eq!(p.security_severity, "8.0");
    }
}
