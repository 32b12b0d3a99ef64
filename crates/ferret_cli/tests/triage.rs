//! End-to-end tests of the model pass from the command line: `ferret scan --triage` and
//! `ferret triage`, against `fake_model` on loopback.

use std::path::Path;
use std::process::{Command, Output};

use fake_model::{FakeConfig, FakeServer, Fixture};
use serde_json::{Value, json};

fn ferret() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ferret"));
    c.env("FERRET_MODEL_API_KEY", "test-key")
        .env_remove("FERRET_CONFIG")
        .env_remove("OPENAI_API_KEY")
        .env_remove("ANTHROPIC_API_KEY");
    c
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("run ferret");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

const RULE: &str = r#"
rules:
  - id: test.sqli
    languages: [python]
    mode: taint
    severity: ERROR
    message: SQL built from request data
    metadata:
      cwe: ["CWE-89"]
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

@app.route('/a')
def a():
    name = request.args.get('n')
    return db.execute("select * from u where n='" + name + "'")

@app.route('/b')
def b():
    uid = request.args.get('id')
    return db.execute("select * from u where id=%s" % uid) if uid.isdigit() else None
"#;

fn verdict(v: &str, line: u32, quote: &str) -> String {
    json!({
        "verdict": v, "confidence": 0.85, "cwe": "CWE-89", "severity": "high",
        "explanation": format!("judged {v}"),
        "evidence": [{"path": "src/app.py", "line": line, "quote": quote, "role": "sink"}],
        "exploit_scenario": "", "missing_context": [], "needed_symbols": []
    })
    .to_string()
}

fn fixtures() -> Vec<Fixture> {
    vec![
        Fixture::new(
            "try hard to disprove",
            json!({"holds": true, "confidence": 0.7, "reason": "nothing stops it", "evidence": []})
                .to_string(),
        ),
        Fixture::new(
            "location: src/app.py:7",
            verdict(
                "true_positive",
                7,
                "return db.execute(\"select * from u where n='\" + name + \"'\")",
            ),
        ),
        Fixture::new(
            "location: src/app.py:12",
            verdict("false_positive", 11, "uid = request.args.get('id')"),
        ),
    ]
}

struct Env {
    _rt: tokio::runtime::Runtime,
    fake: FakeServer,
    dir: tempfile::TempDir,
}

fn env() -> Env {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let fake = rt
        .block_on(FakeServer::start(FakeConfig {
            models: vec!["m1".into()],
            fixtures: fixtures(),
            ..FakeConfig::default()
        }))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rule.yaml"), RULE).unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/app.py"), APP).unwrap();
    // A repository root, so that no ferret.toml above the temporary directory is picked up.
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    Env { _rt: rt, fake, dir }
}

fn scan_triage(e: &Env, model: &str, extra: &[&str]) -> (i32, Value, String) {
    let cache = e.dir.path().join("cache");
    let (code, out, err) = run(ferret()
        .current_dir(e.dir.path())
        .args([
            "scan",
            "src",
            "--config",
            "rule.yaml",
            "--format",
            "json",
            "--triage",
        ])
        .args(["--model", model, "--model-base-url", &e.fake.base_url()])
        .arg("--model-cache")
        .arg(&cache)
        .args(extra));
    let json = serde_json::from_str(&out).unwrap_or_else(|er| panic!("{er}: {out}\n{err}"));
    (code, json, err)
}

fn verdicts(doc: &Value) -> Vec<(u64, String)> {
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["location"]["start"]["line"].as_u64().unwrap(),
                r["triage"]["verdict"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect()
}

#[test]
fn scan_triage_judges_findings_and_reruns_from_the_cache() {
    let e = env();
    for model in ["openai:m1", "anthropic:m1"] {
        let (code, doc, err) = scan_triage(&e, model, &[]);
        assert_eq!(code, 1, "{err}");
        assert_eq!(
            verdicts(&doc),
            vec![(7, "true_positive".into()), (12, "false_positive".into())]
        );
        assert_eq!(doc["results"][0]["triage"]["model"], model);
        assert_eq!(doc["results"][0]["triage"]["status"], "reviewed");
        assert!(doc["results"][0]["triage"]["verification"]["holds"] == true);
        assert_eq!(doc["model_run"]["candidates"], 2);
        assert!(err.contains("Model pass"), "{err}");
    }
    // Unchanged code: everything comes from the cache.
    let before = e.fake.requests().len();
    let (_, doc, err) = scan_triage(&e, "openai:m1", &[]);
    assert_eq!(e.fake.requests().len(), before, "{err}");
    assert_eq!(doc["model_run"]["calls"], 0);
    assert_eq!(doc["model_run"]["cache_hits"], 2);
}

#[test]
fn false_positives_can_be_hidden_and_do_not_fail_the_run() {
    let e = env();
    let (code, doc, err) = scan_triage(
        &e,
        "openai:m1",
        &["--hide-false-positives", "--no-model-cache"],
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(verdicts(&doc), vec![(7, "true_positive".into())]);
    // Only the false positive left: exit 0 (it does not count for --fail-on).
    std::fs::write(
        e.dir.path().join("src/app.py"),
        APP.replace(
            "    return db.execute(\"select * from u where n='\" + name + \"'\")\n",
            "    return 1\n",
        ),
    )
    .unwrap();
    let (code, doc, err) = scan_triage(&e, "openai:m1", &["--no-model-cache"]);
    assert_eq!(verdicts(&doc), vec![(12, "false_positive".into())], "{err}");
    assert_eq!(code, 0, "{err}");
}

#[test]
fn triage_reads_an_earlier_sarif_log() {
    let e = env();
    let sarif = e.dir.path().join("out.sarif");
    let (code, _, err) = run(ferret()
        .current_dir(e.dir.path())
        .args([
            "scan",
            "src",
            "--config",
            "rule.yaml",
            "--format",
            "sarif",
            "-o",
        ])
        .arg(&sarif));
    assert_eq!(code, 1, "{err}");
    assert!(e.fake.requests().is_empty(), "a plain scan sent something");
    let (code, out, err) = run(ferret()
        .current_dir(e.dir.path())
        .args([
            "triage",
            "out.sarif",
            "--format",
            "sarif",
            "--no-model-cache",
        ])
        .args([
            "--model",
            "openai-responses:m1",
            "--model-base-url",
            &e.fake.base_url(),
        ]));
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results[0]["properties"]["verdict"], "true_positive");
    assert_eq!(results[1]["properties"]["verdict"], "false_positive");
    assert_eq!(results[0]["properties"]["model"], "openai-responses:m1");
    assert!(results[0]["properties"]["promptVersion"].is_string());
    assert!(e.fake.requests().iter().all(|r| r.path == "/v1/responses"));
}

#[test]
fn a_dry_run_measures_without_sending() {
    let e = env();
    let (code, _, err) = scan_triage(&e, "openai:m1", &["--model-dry-run"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("dry run: nothing sent"), "{err}");
    assert!(err.contains("2 findings in 2 candidates"), "{err}");
    assert!(err.contains("baseline"), "{err}");
    assert!(e.fake.requests().is_empty());
}

/// Runs `ferret scan --triage` with `extra`, expects exit 2 (a usage or configuration error)
/// and returns standard error.
fn triage_fails(e: &Env, extra: &[&str]) -> String {
    let (code, _, err) = run(ferret()
        .current_dir(e.dir.path())
        .args(["scan", "src", "--config", "rule.yaml", "--triage"])
        .args([
            "--model-cache",
            &e.dir.path().join("cache").display().to_string(),
        ])
        .args(extra));
    assert_eq!(code, 2, "{err}");
    err
}

#[test]
fn model_errors_are_clear() {
    let e = env();
    let url = e.fake.base_url();
    let err = triage_fails(&e, &["--model", "openai:retired", "--model-base-url", &url]);
    assert!(err.contains("unknown or retired"), "{err}");
    let err = triage_fails(&e, &[]);
    assert!(err.contains("needs a model"), "{err}");
    let err = triage_fails(&e, &["--model", "gpt-9"]);
    assert!(err.contains("no provider prefix"), "{err}");
    // The public endpoint without a key.
    let (code, _, err) = run(Command::new(env!("CARGO_BIN_EXE_ferret"))
        .current_dir(e.dir.path())
        .env_remove("FERRET_MODEL_API_KEY")
        .env_remove("OPENAI_API_KEY")
        .args([
            "scan",
            "src",
            "--config",
            "rule.yaml",
            "--triage",
            "--model",
            "openai:m1",
        ]));
    assert_eq!(code, 2);
    assert!(err.contains("no API key"), "{err}");
}

#[test]
fn ferret_toml_supplies_the_model_settings() {
    let e = env();
    let toml = format!(
        "[model]\nmodel = \"anthropic:m1\"\nbase_url = \"{}\"\ncache_dir = \"cache\"\n\n[model.prices]\ninput = 3.0\noutput = 15.0\n",
        e.fake.base_url()
    );
    std::fs::write(e.dir.path().join("ferret.toml"), toml).unwrap();
    let (code, out, err) = run(ferret().current_dir(e.dir.path()).args([
        "scan",
        "src",
        "--config",
        "rule.yaml",
        "--format",
        "json",
        "--triage",
    ]));
    assert_eq!(code, 1, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["model_run"]["model"], "anthropic:m1");
    assert!(doc["model_run"]["estimated_cost_usd"].as_f64().unwrap() > 0.0);
    assert!(e.fake.requests().iter().all(|r| r.path == "/v1/messages"));
    assert!(Path::new(&e.dir.path().join("cache")).is_dir());
    // A typo in the table is an error that names the file.
    std::fs::write(e.dir.path().join("ferret.toml"), "[model]\nmodle = \"x\"\n").unwrap();
    let (code, _, err) = run(ferret().current_dir(e.dir.path()).args([
        "scan",
        "src",
        "--config",
        "rule.yaml",
        "--triage",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("ferret.toml"), "{err}");
}
