//! The model pass end to end: a real scan of a small Flask app with a real taint rule, then
//! triage, verification and fixes against `fake_model` on loopback.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use fake_model::{FakeConfig, FakeServer, Fixture, Injection};
use ferret_core::{Finding, TriageStatus, Verdict};
use ferret_model::{
    EngineRescan, ModelError, Pass, PassError, PassOptions, Provider, ProviderConfig, Rescan,
    Sources,
};
use serde_json::json;

const RULE: &str = r#"
rules:
  - id: test.sqli
    languages: [python]
    mode: taint
    severity: ERROR
    message: SQL built from request data
    metadata:
      cwe: ["CWE-89: SQL Injection"]
      confidence: HIGH
    pattern-sources:
      - pattern: request.args.get(...)
    pattern-sinks:
      - patterns:
          - pattern: $C.execute($Q)
          - focus-metavariable: $Q
"#;

const APP: &str = r#"from flask import request
import db

def helper(v):
    return v.strip()

@app.route('/a')
def a():
    name = request.args.get('n')
    q = "select * from u where n='" + name + "'"
    return db.execute(q)

@app.route('/b')
def b():
    uid = request.args.get('id')
    return db.execute("select * from u where id=" + uid)

@app.route('/c')
def c():
    t = helper(request.args.get('t'))
    API_KEY = "AKIAABCDEFGHIJKLMNOP"
    return db.execute("select * from t where x=" + t)
"#;

struct Project {
    _dir: tempfile::TempDir,
    app: String,
    prep: Arc<ferret_engine::Prepared>,
    /// The options the project was scanned with.
    opts: ferret_engine::ScanOptions,
    findings: Vec<Finding>,
}

fn project() -> Project {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rule.yaml"), RULE).unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    let app = src.join("app.py");
    std::fs::write(&app, APP).unwrap();
    let rules = ferret_engine::load_rules(&[dir.path().join("rule.yaml")]).unwrap();
    let prep = Arc::new(ferret_engine::Prepared::new(rules));
    let opts = ferret_engine::ScanOptions {
        paths: vec![src.clone()],
        jobs: 1,
        ..ferret_engine::ScanOptions::default()
    };
    let report = ferret_engine::scan(&prep, &opts).unwrap();
    let lines: Vec<u32> = report
        .findings
        .iter()
        .map(|f| f.location.start.line)
        .collect();
    assert_eq!(lines, vec![11, 16, 22], "{:#?}", report.findings);
    Project {
        app: app.display().to_string(),
        _dir: dir,
        prep,
        opts,
        findings: report.findings,
    }
}

fn init() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

fn triage(verdict: &str, quotes: &[(&str, u32, &str, &str)]) -> String {
    let evidence: Vec<_> = quotes
        .iter()
        .map(|(path, line, quote, role)| {
            json!({"path": path, "line": line, "quote": quote, "role": role})
        })
        .collect();
    json!({
        "verdict": verdict, "confidence": 0.9, "cwe": "CWE-89", "severity": "high",
        "explanation": "request data is concatenated into SQL", "evidence": evidence,
        "exploit_scenario": "id=1 OR 1=1 dumps the table", "missing_context": [],
        "needed_symbols": []
    })
    .to_string()
}

fn verification(holds: bool, path: &str) -> String {
    json!({"holds": holds, "confidence": 0.8, "reason": "checked the path",
        "evidence": [{"path": path, "line": 16, "quote": "uid = request.args.get('id')", "role": "source"}]})
    .to_string()
}

const FIX_B: &str = "--- a/app.py\n+++ b/app.py\n@@ -15,2 +15,2 @@\n     uid = request.args.get('id')\n-    return db.execute(\"select * from u where id=\" + uid)\n+    return db.execute(\"select * from u where id=?\", (uid,))\n";

/// Fixtures: a true positive with good evidence for each of the three candidates, a verifier
/// that agrees, and a fix for b.
fn fixtures(app: &str) -> Vec<Fixture> {
    let loc = |line: u32| format!("location: {app}:{line}");
    vec![
        Fixture::new("try hard to disprove", verification(true, app)),
        Fixture::all(
            &["smallest correct change", &loc(16)],
            json!({"diff": FIX_B, "explanation": "bind the id"}).to_string(),
        ),
        Fixture::all(
            &["smallest correct change", &loc(22)],
            json!({"diff": FIX_B, "explanation": "wrong place"}).to_string(),
        ),
        Fixture::all(
            &["smallest correct change", &loc(11)],
            json!({"diff": "@@ -99,1 +99,1 @@\n-not in the file\n+x\n", "explanation": "?"})
                .to_string(),
        ),
        Fixture::new(
            loc(11),
            triage(
                "true_positive",
                &[
                    (app, 9, "name = request.args.get('n')", "source"),
                    (app, 11, "return db.execute(q)", "sink"),
                ],
            ),
        ),
        Fixture::new(
            loc(16),
            triage(
                "true_positive",
                &[(
                    app,
                    16,
                    "return db.execute(\"select * from u where id=\" + uid)",
                    "sink",
                )],
            ),
        ),
        Fixture::new(
            loc(22),
            triage(
                "true_positive",
                &[(
                    app,
                    22,
                    "return db.execute(\"select * from t where x=\" + t)",
                    "sink",
                )],
            ),
        ),
    ]
}

async fn fake_with(fixtures: Vec<Fixture>) -> FakeServer {
    FakeServer::start(FakeConfig {
        models: vec!["m1".into()],
        fixtures,
        ..FakeConfig::default()
    })
    .await
    .unwrap()
}

fn provider(spec: &str, fake: &FakeServer) -> Provider {
    let mut c = ProviderConfig::new(spec.parse().unwrap());
    c.base_url = fake.base_url();
    c.backoff_base = Duration::from_millis(5);
    c.concurrency = 1;
    Provider::new(c).unwrap()
}

fn pass(p: &Project, provider: Provider, opts: PassOptions) -> Pass {
    let rescan: Arc<dyn Rescan> = Arc::new(EngineRescan::new(p.prep.clone(), p.opts.clone()));
    Pass::new(provider, opts, Some(rescan), Sources::new(), &p.findings)
}

fn status(f: &Finding) -> TriageStatus {
    f.triage.as_ref().expect("triaged").status
}

#[tokio::test]
async fn triage_verifies_and_fixes_with_both_api_styles() {
    init();
    for spec in ["openai:m1", "anthropic:m1", "openai-responses:m1"] {
        let p = project();
        let fake = fake_with(fixtures(&p.app)).await;
        let opts = PassOptions {
            fix: true,
            ..PassOptions::default()
        };
        let mut findings = p.findings.clone();
        let summary = pass(&p, provider(spec, &fake), opts)
            .run(&mut findings)
            .await
            .unwrap();
        assert_eq!(summary.candidates, 3, "{spec}");
        assert_eq!(summary.reviewed, 3, "{spec}");
        assert_eq!(
            summary.by_verdict.get(&Verdict::TruePositive),
            Some(&3),
            "{spec}"
        );
        assert!(summary.tokens.input > 0 && summary.tokens.output > 0);
        // 3 triage + 3 verify + 3 fix calls.
        assert_eq!(summary.calls, 9, "{spec}");
        for f in &findings {
            let t = f.triage.as_ref().unwrap();
            assert_eq!(
                t.status,
                TriageStatus::Reviewed,
                "{spec} {}: {}",
                f.location.start.line,
                t.note
            );
            assert_eq!(t.verdict, Some(Verdict::TruePositive));
            assert!(t.verification.as_ref().unwrap().holds);
            assert_eq!(t.model, spec);
            assert_eq!(t.cwe, Some(ferret_core::Cwe(89)));
        }
        let fix_b = findings[1].triage.as_ref().unwrap().fix.as_ref().unwrap();
        assert!(fix_b.accepted, "{}", fix_b.note);
        let fix_a = findings[0].triage.as_ref().unwrap().fix.as_ref().unwrap();
        assert!(!fix_a.accepted);
        assert!(fix_a.note.contains("does not apply"), "{}", fix_a.note);
        // c's "fix" is b's diff: it applies but does not clear c's finding.
        let fix_c = findings[2].triage.as_ref().unwrap().fix.as_ref().unwrap();
        assert!(!fix_c.accepted, "{}", fix_c.note);
        assert!(fix_c.note.contains("still reports"), "{}", fix_c.note);
        // The verifier never sees the first call's reasoning.
        for r in fake.requests() {
            let body = String::from_utf8_lossy(&r.body);
            if body.contains("try hard to disprove") {
                assert!(!body.contains("request data is concatenated into SQL"));
            }
        }
    }
}

#[tokio::test]
async fn secrets_are_masked_in_everything_sent() {
    init();
    let p = project();
    let fake = fake_with(fixtures(&p.app)).await;
    let mut findings = p.findings.clone();
    pass(&p, provider("openai:m1", &fake), PassOptions::default())
        .run(&mut findings)
        .await
        .unwrap();
    let bodies: Vec<String> = fake
        .requests()
        .iter()
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect();
    assert!(!bodies.is_empty());
    assert!(
        bodies
            .iter()
            .any(|b| b.contains("API_KEY = \\\"[REDACTED]\\\""))
    );
    assert!(bodies.iter().all(|b| !b.contains("AKIAABCDEFGHIJKLMNOP")));
}

#[tokio::test]
async fn an_unchanged_rerun_makes_no_model_calls() {
    init();
    let p = project();
    let cache = tempfile::tempdir().unwrap();
    let fake = fake_with(fixtures(&p.app)).await;
    let opts = PassOptions {
        cache_dir: Some(cache.path().to_path_buf()),
        fix: true,
        ..PassOptions::default()
    };
    let mut first = p.findings.clone();
    let s1 = pass(&p, provider("anthropic:m1", &fake), opts.clone())
        .run(&mut first)
        .await
        .unwrap();
    let sent = fake.requests().len();
    assert_eq!(s1.calls as usize, sent);
    assert!(sent >= 6);
    let mut second = p.findings.clone();
    let s2 = pass(&p, provider("anthropic:m1", &fake), opts)
        .run(&mut second)
        .await
        .unwrap();
    assert_eq!(fake.requests().len(), sent, "the rerun sent requests");
    assert_eq!(s2.calls, 0);
    assert_eq!(s2.tokens.input + s2.tokens.output, 0);
    assert_eq!(s2.cache_hits, 3);
    for (a, b) in first.iter().zip(&second) {
        let (ta, tb) = (a.triage.as_ref().unwrap(), b.triage.as_ref().unwrap());
        assert!(tb.from_cache);
        assert_eq!(ta.verdict, tb.verdict);
        assert_eq!(ta.fix, tb.fix);
    }
}

#[tokio::test]
async fn a_budget_cut_marks_the_rest_unreviewed() {
    init();
    let p = project();
    // Nothing fits: no request at all.
    let fake = fake_with(fixtures(&p.app)).await;
    let mut findings = p.findings.clone();
    let opts = PassOptions {
        budget: Some(10),
        ..PassOptions::default()
    };
    let s = pass(&p, provider("openai:m1", &fake), opts)
        .run(&mut findings)
        .await
        .unwrap();
    assert_eq!(fake.requests().len(), 0);
    assert_eq!(s.by_status.get(&TriageStatus::Unreviewed), Some(&3));
    assert!(
        findings
            .iter()
            .all(|f| status(f) == TriageStatus::Unreviewed)
    );

    // Room for some: the reviewed ones are the top of the ranking, the rest are kept, marked.
    let fake = fake_with(fixtures(&p.app)).await;
    let mut findings = p.findings.clone();
    let opts = PassOptions {
        budget: Some(2200),
        verify_min_priority: f64::INFINITY,
        ..PassOptions::default()
    };
    let s = pass(&p, provider("openai:m1", &fake), opts)
        .run(&mut findings)
        .await
        .unwrap();
    let reviewed = s
        .by_status
        .get(&TriageStatus::Reviewed)
        .copied()
        .unwrap_or(0);
    let unreviewed = s
        .by_status
        .get(&TriageStatus::Unreviewed)
        .copied()
        .unwrap_or(0);
    assert!(reviewed >= 1 && unreviewed >= 1, "{s:?}");
    assert_eq!(reviewed + unreviewed, 3);
    assert_eq!(fake.requests().len() as u64, reviewed);
    assert!(s.tokens.input + s.tokens.output <= 2200);
    let ranking = ferret_model::candidates::rank(&p.findings);
    let statuses: Vec<TriageStatus> = ranking
        .iter()
        .map(|c| status(&findings[c.lead()]))
        .collect();
    let first_unreviewed = statuses
        .iter()
        .position(|s| *s == TriageStatus::Unreviewed)
        .unwrap();
    assert!(
        statuses[first_unreviewed..]
            .iter()
            .all(|s| *s == TriageStatus::Unreviewed)
    );
    assert_eq!(findings.len(), 3, "nothing is dropped");
}

#[tokio::test]
async fn a_quote_that_is_not_in_the_source_rejects_the_verdict() {
    init();
    let p = project();
    let loc = format!("location: {}:16", p.app);
    let mut fx = vec![Fixture::new(
        loc,
        triage(
            "true_positive",
            &[(&p.app, 16, "return db.execute(sql_from_user_input)", "sink")],
        ),
    )];
    fx.extend(fixtures(&p.app));
    let fake = fake_with(fx).await;
    let mut findings = p.findings.clone();
    pass(&p, provider("openai:m1", &fake), PassOptions::default())
        .run(&mut findings)
        .await
        .unwrap();
    let t = findings[1].triage.as_ref().unwrap();
    assert_eq!(t.status, TriageStatus::Rejected);
    assert!(t.note.contains("does not occur"), "{}", t.note);
    assert_eq!(status(&findings[0]), TriageStatus::Reviewed);
}

#[tokio::test]
async fn needs_context_resolves_the_symbols_and_asks_once_more() {
    init();
    let p = project();
    let loc = format!("location: {}:22", p.app);
    let mut fx = vec![
        Fixture::all(
            &[&loc, "definition of helper"],
            triage("false_positive", &[(&p.app, 5, "return v.strip()", "sanitizer")]),
        ),
        Fixture::new(
            loc.clone(),
            json!({"verdict": "needs_context", "confidence": 0.3, "cwe": "CWE-89", "severity": "high",
                "explanation": "what does helper do?", "evidence": [], "exploit_scenario": "",
                "missing_context": ["helper"], "needed_symbols": ["helper"]})
            .to_string(),
        ),
    ];
    fx.extend(fixtures(&p.app));
    let fake = fake_with(fx).await;
    let mut findings = p.findings.clone();
    pass(&p, provider("anthropic:m1", &fake), PassOptions::default())
        .run(&mut findings)
        .await
        .unwrap();
    let t = findings[2].triage.as_ref().unwrap();
    assert_eq!(t.status, TriageStatus::Reviewed, "{}", t.note);
    assert_eq!(t.verdict, Some(Verdict::FalsePositive));
    let asked_again = fake.requests().iter().any(|r| {
        let b = String::from_utf8_lossy(&r.body);
        b.contains("## Requested definitions") && b.contains("def helper(v):")
    });
    assert!(asked_again);
}

#[tokio::test]
async fn the_verifier_can_overturn_a_true_positive() {
    init();
    let p = project();
    let mut fx = vec![Fixture::new(
        "try hard to disprove",
        verification(false, &p.app),
    )];
    fx.extend(fixtures(&p.app));
    let fake = fake_with(fx).await;
    let mut findings = p.findings.clone();
    pass(&p, provider("openai:m1", &fake), PassOptions::default())
        .run(&mut findings)
        .await
        .unwrap();
    for f in &findings {
        let t = f.triage.as_ref().unwrap();
        assert_eq!(t.verdict, Some(Verdict::Uncertain));
        assert!(!t.verification.as_ref().unwrap().holds);
    }
}

#[tokio::test]
async fn refusals_and_invalid_answers_are_marked_not_dropped() {
    init();
    let p = project();
    let fake = fake_with(fixtures(&p.app)).await;
    // Candidates go in priority order with one request at a time: the first triage call is
    // refused, the second (and its repair) are malformed.
    fake.inject_next(Injection::Refusal, 1);
    fake.inject_next(Injection::MalformedJson, 2);
    let mut findings = p.findings.clone();
    let s = pass(
        &p,
        provider("openai:m1", &fake),
        PassOptions {
            verify_min_priority: f64::INFINITY,
            ..PassOptions::default()
        },
    )
    .run(&mut findings)
    .await
    .unwrap();
    assert_eq!(s.by_status.get(&TriageStatus::Refused), Some(&1), "{s:?}");
    assert_eq!(s.by_status.get(&TriageStatus::Error), Some(&1), "{s:?}");
    assert_eq!(s.by_status.get(&TriageStatus::Reviewed), Some(&1), "{s:?}");
    let err = findings
        .iter()
        .find(|f| status(f) == TriageStatus::Error)
        .unwrap();
    assert!(err.triage.as_ref().unwrap().note.contains("repair"));
}

#[tokio::test]
async fn an_unknown_model_stops_the_pass() {
    init();
    let p = project();
    let fake = fake_with(fixtures(&p.app)).await;
    let mut findings = p.findings.clone();
    let err = pass(
        &p,
        provider("openai:gone-model", &fake),
        PassOptions::default(),
    )
    .run(&mut findings)
    .await
    .unwrap_err();
    let PassError::Model(ModelError::UnknownModel { model, .. }) = err else {
        panic!("{err}")
    };
    assert_eq!(model, "gone-model");
}

#[test]
fn the_cost_estimate_measures_the_slices_without_sending() {
    let p = project();
    let mut sources = Sources::new();
    let est = ferret_model::estimate(&p.findings, &mut sources, 4000);
    assert_eq!(est.findings, 3);
    assert_eq!(est.candidates, 3);
    assert!(est.slice_tokens > 0 && est.slice_tokens < est.triage_tokens);
    assert!(est.max_request_tokens <= 4000 + 1000);
    let file_tokens = std::fs::metadata(Path::new(&p.app))
        .unwrap()
        .len()
        .div_ceil(4);
    assert!(file_tokens > 0);
}

#[test]
fn a_rescan_keeps_the_runs_size_limit() {
    let p = project();
    let text = std::fs::read_to_string(&p.app).unwrap();
    let opts = ferret_engine::ScanOptions {
        paths: vec![p.app.clone().into()],
        max_file_size: text.len() as u64 - 1,
        ..p.opts.clone()
    };
    let scanned = ferret_engine::scan(&p.prep, &opts).unwrap();
    assert_eq!(scanned.summary.file_issues.len(), 1);
    assert_eq!(
        scanned.summary.file_issues[0].reason,
        ferret_core::SkipReason::TooLarge
    );
    // The rescan skips the file exactly as the scan did.
    let rescanned = EngineRescan::new(p.prep.clone(), opts)
        .scan_text(&p.app, &text)
        .unwrap();
    assert_eq!(rescanned.summary.file_issues, scanned.summary.file_issues);
    assert!(rescanned.findings.is_empty());
    // With the project's own options the same text is read and its findings come back.
    let full = EngineRescan::new(p.prep.clone(), p.opts.clone())
        .scan_text(&p.app, &text)
        .unwrap();
    assert_eq!(full.findings, p.findings);
}
