//! The sinks on a small synthetic report: snapshots of the text, JSON and SARIF output, and the
//! SARIF log checked against the OASIS SARIF 2.1.0 schema.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use ferret_core::{
    Confidence, Cwe, DataflowStep, ENGINE_VERSION, FileIssue, Finding, FindingLocation, LineIndex,
    MetavarBinding, Position, RuleInfo, ScanReport, ScanSummary, Severity, SkipReason, StepRole,
    fingerprint,
};
use ferret_report::{SarifOptions, TextOptions, to_json, to_sarif, write_summary, write_text};
use serde_json::{Value, json};

const VIEWS: &str = "app/views.py";
const VIEWS_SRC: &str = r#"from flask import request
import db

def show(request):
    uid = request.args.get("id")
    query = "SELECT * FROM users WHERE id = " + uid
    return db.execute(query)
"#;

/// A path with a space, and a tab-indented body.
const UTIL: &str = "app/legacy code/util.py";
const UTIL_SRC: &str =
    "import hashlib\n\ndef digest(data):\n\treturn hashlib.md5(data).hexdigest()\n";

/// Non-ASCII text before the match: byte, UTF-16 and character columns all differ.
const MESSAGES: &str = "app/messages.py";
const MESSAGES_SRC: &str = "# Grüße\ndef greet(name):\n    label = \"héllo 😀\"; eval(name)\n";

fn position(text: &str, offset: usize) -> Position {
    LineIndex::new(text.as_bytes()).position(text.as_bytes(), offset)
}

/// The location of the `nth` occurrence of `needle` in `text`.
fn locate(path: &str, text: &str, needle: &str) -> FindingLocation {
    let start = text.find(needle).expect("needle in fixture");
    FindingLocation {
        path: path.to_string(),
        start: position(text, start),
        end: position(text, start + needle.len()),
    }
}

/// The whole lines of `loc` in `text`.
fn lines_of(text: &str, loc: &FindingLocation) -> String {
    let first = text[..loc.start.offset].rfind('\n').map_or(0, |i| i + 1);
    let last = text[loc.end.offset..]
        .find('\n')
        .map_or(text.len(), |i| loc.end.offset + i);
    text[first..last].to_string()
}

#[expect(clippy::too_many_arguments, reason = "a fixture builder, clearer flat")]
fn finding(
    rule_id: &str,
    message: &str,
    severity: Severity,
    confidence: Confidence,
    cwe: &[u32],
    path: &str,
    text: &str,
    needle: &str,
) -> Finding {
    let location = locate(path, text, needle);
    Finding {
        rule_id: rule_id.to_string(),
        message: message.to_string(),
        severity,
        confidence,
        cwe: cwe.iter().map(|&n| Cwe(n)).collect(),
        language: "python".to_string(),
        snippet: lines_of(text, &location),
        fingerprint: fingerprint(rule_id, path, needle, 0),
        location,
        metavars: vec![],
        dataflow: vec![],
        fix: None,
        triage: None,
        also_reported_by: Vec::new(),
        redact: Vec::new(),
    }
}

fn step(role: StepRole, needle: &str, note: &str) -> DataflowStep {
    let location = locate(VIEWS, VIEWS_SRC, needle);
    DataflowStep {
        role,
        text: lines_of(VIEWS_SRC, &location).trim().to_string(),
        location,
        note: note.to_string(),
    }
}

fn report() -> ScanReport {
    let mut md5 = finding(
        "python.crypto.weak-hash-md5",
        "MD5 is a broken hash function; use SHA-256 or better.",
        Severity::Low,
        Confidence::High,
        &[328, 327],
        UTIL,
        UTIL_SRC,
        "hashlib.md5(data)",
    );
    md5.fix = Some("hashlib.sha256(data)".to_string());

    let mut eval = finding(
        "python.exec.eval-use",
        "`eval(name)` runs arbitrary code.",
        Severity::High,
        Confidence::Medium,
        &[95],
        MESSAGES,
        MESSAGES_SRC,
        "eval(name)",
    );
    let name_at = MESSAGES_SRC.find("eval(name)").expect("fixture") + 5;
    eval.metavars = vec![MetavarBinding {
        name: "$X".to_string(),
        text: "name".to_string(),
        start: position(MESSAGES_SRC, name_at),
    }];

    let mut sql = finding(
        "python.flask.sql-injection",
        "User input from `request.args` reaches a SQL query.",
        Severity::Critical,
        Confidence::Medium,
        &[89],
        VIEWS,
        VIEWS_SRC,
        "db.execute(query)",
    );
    sql.dataflow = vec![
        step(
            StepRole::Source,
            "request.args.get(\"id\")",
            "untrusted request parameter",
        ),
        step(StepRole::Step, "query = \"SELECT", "string concatenation"),
        step(StepRole::Sink, "db.execute(query)", "SQL execution"),
    ];
    sql.also_reported_by = vec!["python.injection.sql-string-concat".to_string()];

    let rules = vec![
        RuleInfo {
            id: "python.crypto.weak-hash-md5".to_string(),
            short_description: "Weak hash function MD5".to_string(),
            help: "MD5 collisions are cheap to compute.\n\nUse `hashlib.sha256`.".to_string(),
            severity: Severity::Low,
            confidence: Confidence::High,
            cwe: vec![Cwe(328), Cwe(327)],
            owasp: vec!["A02:2021 - Cryptographic Failures".to_string()],
            references: vec!["https://cwe.mitre.org/data/definitions/328.html".to_string()],
            languages: vec!["python".to_string()],
            taint: false,
        },
        RuleInfo {
            id: "python.exec.eval-use".to_string(),
            short_description: "Use of eval($X)".to_string(),
            help: "Evaluating strings as code lets attackers run their own.".to_string(),
            severity: Severity::High,
            confidence: Confidence::Medium,
            cwe: vec![Cwe(95)],
            owasp: vec![],
            references: vec![],
            languages: vec!["python".to_string()],
            taint: false,
        },
        RuleInfo {
            id: "python.flask.sql-injection".to_string(),
            short_description: "SQL injection from a Flask request".to_string(),
            help: "Data from the request is concatenated into SQL.\n\nUse parameters: \
                   `db.execute(\"... WHERE id = ?\", (uid,))`."
                .to_string(),
            severity: Severity::Critical,
            confidence: Confidence::Medium,
            cwe: vec![Cwe(89)],
            owasp: vec!["A03:2021 - Injection".to_string()],
            references: vec!["https://owasp.org/Top10/A03_2021-Injection/".to_string()],
            languages: vec!["python".to_string()],
            taint: true,
        },
    ];

    let summary = ScanSummary {
        files_scanned: 5,
        files_parsed: 3,
        files_cached: 0,
        lines_scanned: 20,
        bytes_scanned: 512,
        seconds: 0.25,
        taint_seconds: 0.0,
        taint_files_analysed: 0,
        taint_files_lowered: 0,
        taint_files_decoded: 0,
        taint_files_matched: 0,
        taint_summary_evaluations: 0,
        threads: 2,
        rules: 3,
        findings_by_severity: BTreeMap::from([
            (Severity::Critical, 1),
            (Severity::High, 1),
            (Severity::Low, 1),
        ]),
        suppressed: 1,
        twins_merged: 1,
        default_ignored_dirs: 3,
        default_ignored_files: 2,
        skipped_by_reason: BTreeMap::from([(SkipReason::TooLarge, 1), (SkipReason::ParseError, 1)]),
        skipped_rules: Vec::new(),
        file_issues: vec![
            FileIssue {
                path: "static/bundle.min.js".to_string(),
                reason: SkipReason::TooLarge,
                detail: "2.0 MB exceeds --max-file-size 1 MB".to_string(),
            },
            FileIssue {
                path: "app/broken.py".to_string(),
                reason: SkipReason::ParseError,
                detail: "syntax error at 3:1".to_string(),
            },
        ],
    };

    ScanReport {
        rules,
        findings: vec![md5, eval, sql],
        summary,
        model_run: None,
    }
}

fn sources() -> HashMap<String, Vec<u8>> {
    [
        (VIEWS, VIEWS_SRC),
        (UTIL, UTIL_SRC),
        (MESSAGES, MESSAGES_SRC),
    ]
    .into_iter()
    .map(|(p, s)| (p.to_string(), s.as_bytes().to_vec()))
    .collect()
}

fn sarif_value(opts: &SarifOptions) -> Value {
    let sarif = to_sarif(&report(), opts).expect("SARIF serialises");
    serde_json::from_str(&sarif).expect("SARIF is JSON")
}

#[test]
fn non_ascii_fixture_has_distinct_columns() {
    let f = &report().findings[1];
    assert_eq!(f.location.start.line, 3);
    assert_eq!(f.location.start.col, 28);
    assert_eq!(f.location.start.col_utf16, 25);
}

#[test]
fn text_snapshot() {
    let mut out = Vec::new();
    let opts = TextOptions {
        color: false,
        context_lines: 1,
    };
    write_text(&mut out, &report(), &sources(), &opts).expect("text renders");
    out.push(b'\n');
    write_summary(&mut out, &report().summary, false).expect("summary renders");
    let text = String::from_utf8(out).expect("text output is UTF-8");
    insta::assert_snapshot!("text", text);
}

/// The engine version, replaced so that a version bump does not change the snapshots.
fn redact_version(doc: &str) -> String {
    let json: Value = serde_json::from_str(doc).expect("valid JSON");
    let found = json["version"] == ENGINE_VERSION
        || json["runs"][0]["tool"]["driver"]["semanticVersion"] == ENGINE_VERSION;
    assert!(found, "the document names the engine version");
    doc.replace(&format!("\"{ENGINE_VERSION}\""), "\"[engine version]\"")
}

#[test]
fn json_snapshot() {
    let json = to_json(&report()).expect("JSON serialises");
    insta::assert_snapshot!("json", redact_version(&json));
}

#[test]
fn sarif_snapshot() {
    let opts = SarifOptions {
        src_root: Some("/srv/checkout/my repo".to_string()),
    };
    let sarif = to_sarif(&report(), &opts).expect("SARIF serialises");
    insta::assert_snapshot!("sarif", redact_version(&sarif));
}

#[test]
fn sarif_has_fingerprints_and_both_cwe_tag_styles() {
    let v = sarif_value(&SarifOptions::default());
    let run = &v["runs"][0];
    let report = report();

    for (result, finding) in run["results"]
        .as_array()
        .expect("results")
        .iter()
        .zip(&report.findings)
    {
        assert_eq!(
            result["partialFingerprints"]["ferret/v1"], finding.fingerprint,
            "{result}"
        );
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(run["tool"]["driver"]["rules"][index]["id"], finding.rule_id);
    }

    for (rule, info) in run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .zip(&report.rules)
    {
        let tags: Vec<&str> = rule["properties"]["tags"]
            .as_array()
            .expect("tags")
            .iter()
            .map(|t| t.as_str().expect("tag is a string"))
            .collect();
        assert!(tags.contains(&"security"), "{tags:?}");
        for cwe in &info.cwe {
            assert!(tags.contains(&cwe.to_string().as_str()), "{tags:?}");
            assert!(tags.contains(&cwe.external_tag().as_str()), "{tags:?}");
        }
        let cwes: Vec<String> = info.cwe.iter().map(Cwe::to_string).collect();
        assert_eq!(rule["properties"]["cwe"], json!(cwes));
    }
    let sql = &run["tool"]["driver"]["rules"][2]["properties"];
    assert_eq!(
        sql["tags"],
        json!(["security", "CWE-89", "external/cwe/cwe-089"])
    );
    assert_eq!(sql["security-severity"], "9.5");
    assert_eq!(sql["precision"], "medium");
}

#[test]
fn sarif_regions_use_utf16_columns() {
    let v = sarif_value(&SarifOptions::default());
    let run = &v["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let region = &run["results"][1]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 3);
    assert_eq!(region["startColumn"], 25);
    assert_eq!(region["endColumn"], 35);
    assert_eq!(region["snippet"]["text"], "eval(name)");
    let artifact = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(artifact["uri"], "app/legacy%20code/util.py");
    assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
    assert!(run.get("originalUriBaseIds").is_none());
    let flow = &run["results"][2]["codeFlows"][0]["threadFlows"][0]["locations"];
    assert_eq!(flow.as_array().map(Vec::len), Some(3));
    assert_eq!(
        flow[0]["location"]["message"]["text"],
        "source: untrusted request parameter"
    );
}

#[test]
fn sarif_fixes_replace_the_finding_region() {
    let v = sarif_value(&SarifOptions::default());
    let results = &v["runs"][0]["results"];
    let fix = &results[0]["fixes"][0];
    assert_eq!(
        fix["description"]["text"],
        "Apply the fix of rule python.crypto.weak-hash-md5"
    );
    let change = &fix["artifactChanges"][0];
    assert_eq!(
        change["artifactLocation"]["uri"],
        "app/legacy%20code/util.py"
    );
    let r = &change["replacements"][0];
    assert_eq!(r["insertedContent"]["text"], "hashlib.sha256(data)");
    // `\treturn hashlib.md5(data)`: the call starts at column 9 of line 4.
    let region = &r["deletedRegion"];
    assert_eq!(
        (
            &region["startLine"],
            &region["startColumn"],
            &region["endLine"],
            &region["endColumn"]
        ),
        (&json!(4), &json!(9), &json!(4), &json!(26))
    );
    assert!(region.get("snippet").is_none());
    // Findings without a fix have no `fixes`.
    assert!(results[1].get("fixes").is_none());
}

// ---- schema validation ----

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/schemas/sarif-schema-2.1.0.json")
}

fn sarif_validator() -> jsonschema::Validator {
    let path = schema_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the SARIF 2.1.0 schema must exist at {} (the `shared` folder beside the repository \
             root) to validate the SARIF sink: {e}",
            path.display()
        )
    });
    let schema: Value = serde_json::from_str(&text).expect("the SARIF schema is JSON");
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles as draft 4")
}

fn schema_errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Every `uri` in `v`, with where it is.
fn uris<'v>(v: &'v Value, at: String, out: &mut Vec<(String, &'v str)>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                match (k.as_str(), x) {
                    ("uri", Value::String(s)) => out.push((format!("{at}/uri"), s)),
                    _ => uris(x, format!("{at}/{k}"), out),
                }
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                uris(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Whether `s` is made only of RFC 3986 characters, with well-formed percent escapes.
fn rfc3986_chars(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hex = |j: usize| b.get(j).is_some_and(u8::is_ascii_hexdigit);
                if !(hex(i + 1) && hex(i + 2)) {
                    return false;
                }
                i += 3;
                continue;
            }
            c if c.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&c) => {}
            _ => return false,
        }
        i += 1;
    }
    true
}

#[test]
fn sarif_uris_are_percent_encoded() {
    assert!(!rfc3986_chars("a b") && !rfc3986_chars("%zz") && rfc3986_chars("a%20b"));
    let doc = sarif_value(&SarifOptions {
        src_root: Some("/srv/checkout/my repo".to_string()),
    });
    let mut found = Vec::new();
    uris(&doc, String::new(), &mut found);
    assert!(found.len() > 5, "{found:?}");
    for (at, uri) in found {
        assert!(rfc3986_chars(uri), "{at}: `{uri}` is not a URI reference");
    }
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let validator = sarif_validator();
    for opts in [
        SarifOptions::default(),
        SarifOptions {
            src_root: Some("/srv/checkout/my repo".to_string()),
        },
        SarifOptions {
            src_root: Some("C:\\src\\repo".to_string()),
        },
    ] {
        let doc = sarif_value(&opts);
        let errors = schema_errors(&validator, &doc);
        assert!(
            errors.is_empty(),
            "SARIF is invalid:\n{}",
            errors.join("\n")
        );
    }
    // An empty report, and one whose finding has a rule nobody described and odd positions.
    let mut odd = report();
    odd.rules.clear();
    odd.findings[0].location.start = Position::default();
    odd.findings[0].location.end = Position::default();
    odd.findings[0].location.path = "/abs/path with space/ü.py".to_string();
    odd.summary = ScanSummary::default();
    for r in [ScanReport::default(), odd] {
        let doc: Value = serde_json::from_str(
            &to_sarif(&r, &SarifOptions::default()).expect("SARIF serialises"),
        )
        .expect("SARIF is JSON");
        let errors = schema_errors(&validator, &doc);
        assert!(
            errors.is_empty(),
            "SARIF is invalid:\n{}",
            errors.join("\n")
        );
    }
}

#[test]
fn the_validator_rejects_broken_sarif() {
    let validator = sarif_validator();
    let good = sarif_value(&SarifOptions::default());
    assert!(validator.is_valid(&good));

    let mut bad_level = good.clone();
    bad_level["runs"][0]["results"][0]["level"] = json!("severe");
    assert!(!validator.is_valid(&bad_level), "level `severe` accepted");

    let mut bad_line = good.clone();
    bad_line["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        json!(0);
    assert!(!validator.is_valid(&bad_line), "startLine 0 accepted");

    let mut bad_version = good.clone();
    bad_version["version"] = json!("2.0.0");
    assert!(!validator.is_valid(&bad_version), "version 2.0.0 accepted");

    // Formats are checked too (draft 4 knows `uri`, not `uri-reference`).
    let mut bad_uri = good.clone();
    bad_uri["runs"][0]["tool"]["driver"]["informationUri"] = json!("not a uri");
    assert!(
        !validator.is_valid(&bad_uri),
        "informationUri without a scheme accepted"
    );

    let mut no_message = good;
    if let Some(result) = no_message["runs"][0]["results"][0].as_object_mut() {
        result.remove("message");
    }
    assert!(
        !validator.is_valid(&no_message),
        "result without message accepted"
    );
}

/// The synthetic report after a model pass: a verified true positive with an accepted fix, and
/// a candidate the budget did not reach.
fn triaged_report() -> ScanReport {
    use ferret_core::{
        Evidence, FixProposal, ModelRunSummary, Probability, TokenUse, Triage, TriageStatus,
        Verdict, Verification,
    };
    let mut r = report();
    let base = Triage {
        status: TriageStatus::Reviewed,
        verdict: Some(Verdict::TruePositive),
        confidence: Some(Probability(0.92)),
        cwe: Some(Cwe(89)),
        severity: Some(Severity::High),
        explanation: "The id parameter reaches the query unescaped.".into(),
        evidence: vec![Evidence {
            path: VIEWS.into(),
            line: 5,
            quote: "uid = request.args.get(\"id\")".into(),
            role: "source".into(),
        }],
        exploit_scenario: "GET /show?id=1 OR 1=1 returns every user.".into(),
        missing_context: Vec::new(),
        verification: Some(Verification {
            holds: true,
            confidence: Probability(0.8),
            reason: "No validation between source and sink.".into(),
        }),
        fix: Some(FixProposal {
            diff: "@@ -6,2 +6,2 @@\n-    query = \"SELECT * FROM users WHERE id = \" + uid\n-    return db.execute(query)\n+    return db.execute(\"SELECT * FROM users WHERE id = ?\", (uid,))\n".into(),
            accepted: true,
            note: "applies; the rescan clears the finding and reports nothing new".into(),
        }),
        note: String::new(),
        model: "openai:m1".into(),
        prompt_version: "ferret-prompts-1".into(),
        tokens: TokenUse {
            input: 1200,
            output: 300,
            cached: 800,
        },
        from_cache: false,
    };
    let unreviewed = Triage {
        status: TriageStatus::Unreviewed,
        verdict: None,
        confidence: None,
        cwe: None,
        severity: None,
        explanation: String::new(),
        evidence: Vec::new(),
        exploit_scenario: String::new(),
        missing_context: Vec::new(),
        verification: None,
        fix: None,
        note: "the token budget ran out before this candidate".into(),
        tokens: TokenUse::default(),
        from_cache: false,
        ..base.clone()
    };
    r.findings[2].triage = Some(Box::new(base));
    r.findings[0].triage = Some(Box::new(unreviewed));
    r.model_run = Some(ModelRunSummary {
        model: "openai:m1".into(),
        prompt_version: "ferret-prompts-1".into(),
        findings: 3,
        candidates: 3,
        reviewed: 1,
        by_status: BTreeMap::from([(TriageStatus::Reviewed, 1), (TriageStatus::Unreviewed, 2)]),
        by_verdict: BTreeMap::from([(Verdict::TruePositive, 1)]),
        calls: 3,
        cache_hits: 0,
        tokens: TokenUse {
            input: 1200,
            output: 300,
            cached: 800,
        },
        budget: Some(2000),
        estimated_cost_usd: Some(0.0042),
        seconds: 1.5,
    });
    r
}

#[test]
fn triage_text_snapshot() {
    let mut out = Vec::new();
    let opts = TextOptions {
        color: false,
        ..TextOptions::default()
    };
    write_text(&mut out, &triaged_report(), &sources(), &opts).unwrap();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

#[test]
fn model_summary_snapshot() {
    let mut out = Vec::new();
    ferret_report::write_model_summary(
        &mut out,
        triaged_report().model_run.as_ref().unwrap(),
        false,
    )
    .unwrap();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

#[test]
fn sarif_round_trips_through_the_reader() {
    let r = triaged_report();
    let text = to_sarif(&r, &SarifOptions::default()).unwrap();
    let back = ferret_report::read_sarif(&text).unwrap();
    assert_eq!(back.findings.len(), r.findings.len());
    for (a, b) in r.findings.iter().zip(&back.findings) {
        assert_eq!(a.rule_id, b.rule_id);
        assert_eq!(a.message, b.message);
        assert_eq!(a.severity, b.severity);
        assert_eq!(a.confidence, b.confidence);
        assert_eq!(a.cwe, b.cwe);
        assert_eq!(a.language, b.language);
        assert_eq!(a.location.path, b.location.path);
        assert_eq!(a.location.start.line, b.location.start.line);
        assert_eq!(a.location.start.col_utf16, b.location.start.col_utf16);
        assert_eq!(a.location.end.line, b.location.end.line);
        assert_eq!(a.snippet, b.snippet);
        assert_eq!(a.fingerprint, b.fingerprint);
        assert_eq!(a.triage, b.triage);
        assert_eq!(a.dataflow.len(), b.dataflow.len());
        for (x, y) in a.dataflow.iter().zip(&b.dataflow) {
            assert_eq!(x.role, y.role);
            assert_eq!(x.location.start.line, y.location.start.line);
            assert_eq!(x.text.trim(), y.text);
            assert_eq!(x.note.trim(), y.note);
        }
    }
    assert!(back.rules.iter().any(|r| r.id == r.id && !r.cwe.is_empty()));
}

#[test]
fn triaged_sarif_validates_against_the_official_schema() {
    let doc: Value =
        serde_json::from_str(&to_sarif(&triaged_report(), &SarifOptions::default()).unwrap())
            .unwrap();
    let errors = schema_errors(&sarif_validator(), &doc);
    assert!(errors.is_empty(), "{errors:#?}");
    let props = &doc["runs"][0]["results"][2]["properties"];
    assert_eq!(props["verdict"], "true_positive");
    assert_eq!(props["triageStatus"], "reviewed");
    assert_eq!(props["model"], "openai:m1");
    assert_eq!(props["promptVersion"], "ferret-prompts-1");
    assert_eq!(doc["runs"][0]["properties"]["modelRun"]["reviewed"], 1);
}

#[test]
fn the_sarif_reader_takes_other_tools_logs_and_rejects_non_sarif() {
    let foreign = json!({
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "other", "rules": [{
                "id": "x.sqli", "defaultConfiguration": {"level": "error"},
                "properties": {"tags": ["security", "external/cwe/cwe-089"], "precision": "high"}
            }]}},
            "results": [{
                "ruleIndex": 0, "message": {"text": "sql"},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": "file:///srv/app%20one/db.py"},
                    "region": {"startLine": 7, "startColumn": 3, "snippet": {"text": "db.execute(q)"}}
                }}]
            }]
        }]
    });
    let r = ferret_report::read_sarif(&foreign.to_string()).unwrap();
    let f = &r.findings[0];
    assert_eq!(f.rule_id, "x.sqli");
    assert_eq!(f.severity, Severity::High);
    assert_eq!(f.confidence, Confidence::High);
    assert_eq!(f.cwe, vec![Cwe(89)]);
    assert_eq!(f.location.path, "/srv/app one/db.py");
    assert_eq!(f.location.start.line, 7);
    assert_eq!(f.snippet, "db.execute(q)");
    assert!(!f.fingerprint.is_empty());
    assert!(ferret_report::read_sarif("{\"not\": \"sarif\"}").is_err());
    assert!(ferret_report::read_sarif("not json").is_err());
}

#[test]
fn html_snapshot() {
    let mut out = Vec::new();
    ferret_report::write_html(&mut out, &triaged_report(), &sources()).unwrap();
    let html = String::from_utf8(out).unwrap();
    let marker = format!("ferret {ENGINE_VERSION} ·");
    assert!(html.contains(&marker));
    insta::assert_snapshot!(html.replace(&marker, "ferret [engine version] ·"));
}

#[test]
fn html_is_self_contained_and_escaped() {
    let mut r = triaged_report();
    r.findings[1].message = "<script>alert(1)</script> & \"quotes\"".into();
    r.findings[1].rule_id = "x\"><img src=x onerror=alert(1)>".into();
    let mut out = Vec::new();
    ferret_report::write_html(&mut out, &r, &sources()).unwrap();
    let html = String::from_utf8(out).unwrap();
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"));
    assert!(!html.contains("<img src=x"));
    // No external resources: no src or href attributes, no @import, a CSP that forbids fetching.
    assert!(!html.contains(" src=\"") && !html.contains(" href=\""));
    assert!(!html.contains("@import") && !html.contains("url("));
    assert!(html.contains("default-src 'none'"));
    // One row per finding, each carrying its filter keys.
    assert_eq!(
        html.matches("<tr class=\"finding\"").count(),
        r.findings.len()
    );
    assert!(html.contains("data-severity=\"critical\" data-language=\"python\""));
    assert!(html.contains("data-verdict=\"true_positive\""));
    assert!(html.contains("data-verdict=\"unreviewed\""));
}

#[test]
fn junit_snapshot() {
    insta::assert_snapshot!(ferret_report::to_junit(&triaged_report()));
}

#[test]
fn gitlab_sast_has_the_required_fields() {
    let doc: Value = serde_json::from_str(
        &ferret_report::to_gitlab_sast(&triaged_report(), 1_796_000_000).unwrap(),
    )
    .unwrap();
    assert_eq!(doc["scan"]["type"], "sast");
    assert_eq!(doc["scan"]["status"], "success");
    assert_eq!(doc["scan"]["end_time"], "2026-11-30T00:53:20");
    for key in ["analyzer", "scanner"] {
        assert_eq!(doc["scan"][key]["id"], "ferret");
        assert!(doc["scan"][key]["vendor"]["name"].is_string());
    }
    let vulns = doc["vulnerabilities"].as_array().unwrap();
    assert_eq!(vulns.len(), 3);
    let mut ids = std::collections::BTreeSet::new();
    for v in vulns {
        let id = v["id"].as_str().unwrap();
        assert_eq!(id.len(), 36);
        ids.insert(id.to_string());
        assert!(!v["identifiers"].as_array().unwrap().is_empty());
        assert!(v["location"]["file"].is_string());
        assert!(v["location"]["start_line"].as_u64().unwrap() >= 1);
        assert!(
            ["Critical", "High", "Medium", "Low", "Info"]
                .contains(&v["severity"].as_str().unwrap())
        );
    }
    assert_eq!(ids.len(), 3);
    let sql = &vulns[2];
    assert_eq!(sql["identifiers"][1]["type"], "cwe");
    assert_eq!(sql["identifiers"][1]["value"], "89");
    assert!(
        sql["description"]
            .as_str()
            .unwrap()
            .contains("Model verdict: true_positive")
    );
}
