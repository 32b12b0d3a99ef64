//! The gateway over the durable Merkle audit log: every decision is logged with its request id,
//! the `/audit/v1/` endpoints serve checkpoints, entries, proofs and bundles to the right roles,
//! and what they serve verifies against the published key.

use std::io::BufReader;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use fake_model::{FakeConfig, FakeServer};
use ferret_audit::NoteVerifier;
use ferret_audit::merkle::{leaf_hash, verify_consistency, verify_inclusion};
use ferret_gateway::audit::{AuditSink, InclusionResponse};
use ferret_gateway::config::GatewayConfig;
use ferret_gateway::ops::Vetting;
use ferret_gateway::store::{Role, SqliteStore, Store};
use ferret_gateway::{DataDir, Gateway};
use serde_json::{Value, json};

struct Env {
    dir: tempfile::TempDir,
    _fake: FakeServer,
    base: String,
    sink: Arc<ferret_gateway::audit::MerkleAuditSink>,
    http: reqwest::Client,
    alice: String,
    eve: String,
    reg: String,
}

async fn setup() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let toml = format!(
        "[[model]]\nid = \"open-general\"\ntier = \"general\"\nupstream = \"{}\"\napi = \"openai\"\n",
        fake.base_url()
    );
    let config = GatewayConfig::parse(&toml, "test.toml", dir.path()).unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(dir.path()).await.unwrap());
    let sink = Arc::new(DataDir::new(dir.path()).open_audit().await.unwrap());
    let gw = Gateway::new(config, store, sink.clone(), dir.path())
        .await
        .unwrap();
    let admin = gw.admin().clone();
    let csv = "source,name,alt_names,addresses,country\nEntity List (EL),Northwind Trading Company,,,XX\n";
    admin.import_screening(csv, "test").await.unwrap();
    admin.create_org("Acme Inc", "US", "test").await.unwrap();
    admin
        .vet("Acme Inc", Vetting::Approve, "vetted", None, "reg@reg.test")
        .await
        .unwrap();
    admin
        .create_org("Northwind Trading Co", "US", "test")
        .await
        .unwrap();
    let mut keys = Vec::new();
    for (email, loc, role) in [
        ("alice@acme.test", "US", Role::User),
        ("eve@acme.test", "IR", Role::User),
        ("reg@acme.test", "US", Role::Regulator),
    ] {
        admin
            .create_user(email, "Acme Inc", "US", loc, None, role, "test")
            .await
            .unwrap();
        keys.push(admin.create_key(email, None, "test").await.unwrap().key);
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = gw.serve(listener, std::future::pending()).await;
    });
    Env {
        dir,
        _fake: fake,
        base,
        sink,
        http: reqwest::Client::new(),
        alice: keys[0].clone(),
        eve: keys[1].clone(),
        reg: keys[2].clone(),
    }
}

impl Env {
    async fn chat(&self, key: &str) -> (u16, String) {
        let r = self
            .http
            .post(format!("{}/v1/chat/completions", self.base))
            .bearer_auth(key)
            .json(&json!({"model": "open-general", "messages": [{"role": "user", "content": "secret prompt text"}]}))
            .send()
            .await
            .unwrap();
        let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
        (r.status().as_u16(), rid)
    }

    async fn get(&self, path: &str, key: Option<&str>) -> reqwest::Response {
        let mut req = self.http.get(format!("{}{path}", self.base));
        if let Some(k) = key {
            req = req.bearer_auth(k);
        }
        req.send().await.unwrap()
    }

    async fn verifier(&self) -> NoteVerifier {
        let text = self
            .get("/audit/v1/public-key", None)
            .await
            .text()
            .await
            .unwrap();
        NoteVerifier::parse(&text).unwrap()
    }
}

#[tokio::test]
async fn decisions_and_events_are_logged_and_proven() {
    let env = setup().await;
    let (s1, allowed) = env.chat(&env.alice).await;
    let (s2, denied) = env.chat(&env.eve).await;
    assert_eq!((s1, s2), (200, 403));
    let key = env.verifier().await;
    // The public key is also a file beside the private one, which only the owner can read.
    let audit_dir = DataDir::new(env.dir.path()).audit_dir();
    assert_eq!(
        NoteVerifier::parse(&std::fs::read_to_string(audit_dir.join("public.key")).unwrap())
            .unwrap(),
        key
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let m = std::fs::metadata(audit_dir.join("signing.key")).unwrap();
        assert_eq!(m.permissions().mode() & 0o777, 0o600);
    }

    // Entries: the allow and the deny with their request ids and policies, never the prompt;
    // the key event of the signing key first; screening hits and key events as their kinds.
    let n = env.sink.size().await.unwrap();
    let all = env.sink.entries(0, n as usize).await.unwrap();
    let parsed: Vec<Value> = all
        .iter()
        .map(|e| serde_json::from_str(&e.json).unwrap())
        .collect();
    assert!(all.iter().all(|e| !e.json.contains("secret prompt")));
    assert_eq!(parsed[0]["action"], "audit-key.create");
    assert_eq!(parsed[0]["kind"], "key-event");
    let by_rid = |rid: &str| {
        parsed
            .iter()
            .find(|e| e["request_id"] == rid)
            .cloned()
            .unwrap()
    };
    let a = by_rid(&allowed);
    assert_eq!(
        (a["kind"].as_str(), a["outcome"].as_str()),
        (Some("decision"), Some("allow"))
    );
    let d = by_rid(&denied);
    assert_eq!(d["outcome"], "deny");
    assert!(
        d["policies"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "forbid-embargoed-location"),
        "{d}"
    );
    let kinds: Vec<&str> = parsed.iter().filter_map(|e| e["kind"].as_str()).collect();
    for k in [
        "screening-hit",
        "key-event",
        "regulator-action",
        "admin-action",
    ] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
    let hit = parsed
        .iter()
        .find(|e| e["kind"] == "screening-hit")
        .unwrap();
    assert_eq!(hit["subject"], "Northwind Trading Co");
    assert_eq!(hit["attrs"]["listed_name"], "Northwind Trading Company");
    let approve = parsed
        .iter()
        .find(|e| e["action"] == "org.approve")
        .unwrap();
    assert_eq!(approve["kind"], "regulator-action");

    // Inclusion by request id: only regulators and admins; the proof verifies.
    let path = format!("/audit/v1/proof/inclusion?request_id={denied}");
    assert_eq!(env.get(&path, None).await.status().as_u16(), 401);
    assert_eq!(
        env.get(&path, Some(&env.alice)).await.status().as_u16(),
        403
    );
    let r: InclusionResponse = env.get(&path, Some(&env.reg)).await.json().await.unwrap();
    let cp = key.open(&r.checkpoint).unwrap();
    assert_eq!(r.entries.len(), 1);
    let e = &r.entries[0];
    let proof: Vec<[u8; 32]> = e
        .proof
        .iter()
        .map(|p| B64.decode(p).unwrap().try_into().unwrap())
        .collect();
    assert!(verify_inclusion(
        e.index,
        cp.size,
        &leaf_hash(e.entry.as_bytes()),
        &proof,
        &cp.root
    ));
    // The console's check of the same entry agrees.
    let check = env.sink.check_inclusion(e.index).await.unwrap();
    assert!(check.verified, "{}", check.detail);

    // Entry by index.
    let path = format!("/audit/v1/entries/{}", e.index);
    assert_eq!(
        env.get(&path, Some(&env.alice)).await.status().as_u16(),
        403
    );
    let v: Value = env.get(&path, Some(&env.reg)).await.json().await.unwrap();
    assert_eq!(v["entry"]["request_id"], denied);

    // The checkpoint is public; a consistency proof links an older checkpoint to it.
    let old_size = cp.size;
    env.chat(&env.alice).await;
    let cp2 = loop {
        let note = env
            .get("/audit/v1/checkpoint", None)
            .await
            .text()
            .await
            .unwrap();
        let c = key.open(&note).unwrap();
        if c.size > old_size {
            break c;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let v: Value = env
        .get(
            &format!(
                "/audit/v1/proof/consistency?from={old_size}&to={}",
                cp2.size
            ),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let proof: Vec<[u8; 32]> = v["proof"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| B64.decode(p.as_str().unwrap()).unwrap().try_into().unwrap())
        .collect();
    assert!(verify_consistency(
        old_size, cp2.size, &cp.root, &cp2.root, &proof
    ));

    // A bundle for regulators and admins only; it verifies offline.
    assert_eq!(
        env.get("/audit/v1/bundle", Some(&env.alice))
            .await
            .status()
            .as_u16(),
        403
    );
    let body = env
        .get("/audit/v1/bundle", Some(&env.reg))
        .await
        .bytes()
        .await
        .unwrap();
    let report = ferret_audit::bundle::verify(BufReader::new(body.as_ref()), &key, &[]).unwrap();
    assert_eq!(report.start, 0);
    assert!(report.entries > n);
    // Time ranges: an empty one is 404, a malformed one 400.
    let empty = env
        .get(
            "/audit/v1/bundle?from=2001-01-01&to=2001-01-02",
            Some(&env.reg),
        )
        .await;
    assert_eq!(empty.status().as_u16(), 404);
    let bad = env
        .get("/audit/v1/bundle?from=yesterday", Some(&env.reg))
        .await;
    assert_eq!(bad.status().as_u16(), 400);
    let today = ferret_gateway::rfc3339(ferret_gateway::now())[..10].to_string();
    let body = env
        .get(
            &format!("/audit/v1/bundle?from={today}&to={today}"),
            Some(&env.reg),
        )
        .await
        .bytes()
        .await
        .unwrap();
    ferret_audit::bundle::verify(BufReader::new(body.as_ref()), &key, &[]).unwrap();

    // Inclusion by index against a named checkpoint; bad queries.
    let by_index: InclusionResponse = env
        .get(
            &format!(
                "/audit/v1/proof/inclusion?index={}&tree_size={}",
                e.index, cp.size
            ),
            Some(&env.reg),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_index.checkpoint, r.checkpoint);
    assert_eq!(by_index.entries[0].proof, e.proof);
    for (q, status) in [
        (format!("index={}&request_id={denied}", e.index), 400),
        ("request_id=no-such-request".to_string(), 404),
        (
            format!("index={}&tree_size={}", e.index, cp.size + 1000),
            404,
        ),
        ("index=999999".to_string(), 404),
    ] {
        let got = env
            .get(&format!("/audit/v1/proof/inclusion?{q}"), Some(&env.reg))
            .await
            .status()
            .as_u16();
        assert_eq!(got, status, "{q}");
    }

    // When the log cannot append (here: its writer has stopped), requests fail with 503.
    env.sink.log().close();
    let r = env
        .http
        .post(format!("{}/v1/chat/completions", env.base))
        .bearer_auth(&env.alice)
        .json(&json!({"model": "open-general", "messages": [{"role": "user", "content": "hi"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 503);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "audit_unavailable", "{v}");
}
