//! The model pass through Ferret's own gateway: the gateway is an OpenAI- and
//! Anthropic-compatible endpoint, so `--model-base-url` can point at it and the pass runs under
//! its policy, quotas and audit log. Real gateway on loopback, real SQLite, `fake_model` behind.

use std::sync::Arc;

use fake_model::{FakeConfig, FakeServer, Fixture};
use ferret_core::{Finding, TriageStatus, Verdict};
use ferret_gateway::Gateway;
use ferret_gateway::audit::{AuditEvent, MemoryAuditSink};
use ferret_gateway::config::GatewayConfig;
use ferret_gateway::ops::Vetting;
use ferret_gateway::store::{Role, SqliteStore, Store};
use ferret_model::{Pass, PassOptions, Provider, ProviderConfig, Sources};
use serde_json::json;

const APP: &str = "from flask import request\nimport db\n\ndef show():\n    uid = request.args.get('id')\n    return db.execute('select * from u where id=' + uid)\n";

const RULE: &str = r#"
rules:
  - id: test.sqli
    languages: [python]
    mode: taint
    severity: ERROR
    message: SQL built from request data
    metadata: {cwe: ["CWE-89"], confidence: HIGH}
    pattern-sources:
      - pattern: request.args.get(...)
    pattern-sinks:
      - pattern: $C.execute(...)
"#;

fn findings(dir: &std::path::Path) -> Vec<Finding> {
    std::fs::write(dir.join("rule.yaml"), RULE).unwrap();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("src/app.py"), APP).unwrap();
    let rules = ferret_engine::load_rules(&[dir.join("rule.yaml")]).unwrap();
    let prep = ferret_engine::Prepared::new(rules);
    let opts = ferret_engine::ScanOptions {
        paths: vec![dir.join("src")],
        jobs: 1,
        ..ferret_engine::ScanOptions::default()
    };
    ferret_engine::scan(&prep, &opts).unwrap().findings
}

#[tokio::test]
async fn the_pass_runs_through_the_gateway_with_both_api_styles() {
    let dir = tempfile::tempdir().unwrap();
    let findings = findings(dir.path());
    assert_eq!(findings.len(), 1);
    let app = findings[0].location.path.clone();
    let verdict = json!({
        "verdict": "true_positive", "confidence": 0.9, "cwe": "CWE-89", "severity": "high",
        "explanation": "concatenated", "exploit_scenario": "id=1 or 1=1",
        "evidence": [{"path": app, "line": 6, "role": "sink",
            "quote": "return db.execute('select * from u where id=' + uid)"}],
        "missing_context": [], "needed_symbols": []
    });
    let fake = FakeServer::start(FakeConfig {
        fixtures: vec![Fixture::new("location:", verdict.to_string())],
        ..FakeConfig::default()
    })
    .await
    .unwrap();
    let up = fake.base_url();
    let toml = format!(
        "[[model]]\nid = \"frontier-lite\"\ntier = \"lite\"\nupstream = \"{up}\"\napi = \"openai\"\n\n\
         [[model]]\nid = \"claude-lite\"\ntier = \"lite\"\nupstream = \"{up}\"\napi = \"anthropic\"\n"
    );
    let config = GatewayConfig::parse(&toml, "gateway.toml", dir.path()).unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(dir.path()).await.unwrap());
    let audit = Arc::new(MemoryAuditSink::new());
    let gw = Gateway::new(config, store, audit.clone(), dir.path())
        .await
        .unwrap();
    let admin = gw.admin().clone();
    admin
        .create_org("Vetted Security Ltd", "US", "test")
        .await
        .unwrap();
    admin
        .vet(
            "Vetted Security Ltd",
            Vetting::Approve,
            "vetted",
            None,
            "reg@regulator.test",
        )
        .await
        .unwrap();
    admin
        .create_user(
            "dev@vetted.test",
            "Vetted Security Ltd",
            "FR",
            "US",
            None,
            Role::User,
            "test",
        )
        .await
        .unwrap();
    let key = admin
        .create_key("dev@vetted.test", None, "test")
        .await
        .unwrap()
        .key;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = gw.clone();
    let task = tokio::spawn(async move {
        server
            .serve(listener, async {
                let _ = rx.await;
            })
            .await
            .unwrap();
    });

    for model in ["openai:frontier-lite", "anthropic:claude-lite"] {
        let mut c = ProviderConfig::new(model.parse().unwrap());
        c.base_url = format!("http://{addr}");
        c.api_key = Some(key.clone());
        let provider = Provider::new(c).unwrap();
        let opts = PassOptions {
            verify_min_priority: f64::INFINITY,
            ..PassOptions::default()
        };
        let mut fs = findings.clone();
        let summary = Pass::new(provider, opts, None, Sources::new(), &fs)
            .run(&mut fs)
            .await
            .unwrap();
        assert_eq!(summary.reviewed, 1, "{model}");
        let t = fs[0].triage.as_ref().unwrap();
        assert_eq!(t.status, TriageStatus::Reviewed, "{model}: {}", t.note);
        assert_eq!(t.verdict, Some(Verdict::TruePositive));
    }
    // Both calls were policy decisions on the audit log, allowed for the vetted org's
    // international employee on the lite tier.
    let decisions: Vec<_> = audit
        .events()
        .into_iter()
        .filter_map(|e| match e {
            AuditEvent::Decision(d) => Some(d),
            _ => None,
        })
        .collect();
    assert_eq!(decisions.len(), 2);
    assert!(decisions.iter().all(|d| d.allowed && d.tier == "lite"));
    assert_eq!(fake.requests().len(), 2);
    let _ = tx.send(());
    let _ = task.await;
}
