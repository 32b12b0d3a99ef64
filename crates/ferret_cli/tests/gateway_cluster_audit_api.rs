//! The audit log API (`/audit/v1/`) of a deployment on PostgreSQL: every instance answers
//! for the one log, whichever instance recorded the entry. Inclusion proofs check with
//! `ferret audit proof`, consistency proofs between checkpoints signed by different instances
//! check, a bundle downloaded from an instance verifies with `ferret audit verify`, and a log
//! altered in the database is refused by `ferret audit export --database` while `--raw` exports
//! it as stored for `verify` to name the altered entry. Without PostgreSQL the tests fail
//! unless `FERRET_SKIP_POSTGRES_TESTS=1`.

#![cfg(feature = "gateway")]

#[allow(dead_code)] // shared with gateway_cluster.rs, which uses the rest
mod cluster;

use base64::Engine;
use cluster::{Cluster, ask, ferret, run};
use fake_model::{FakeConfig, FakeServer};
use ferret_audit::NoteVerifier;
use ferret_gateway::store::testing::TestDatabase;

/// One chat completion that must be answered 200; its `x-request-id`.
async fn request(http: &reqwest::Client, url: &str, key: &str, i: usize) -> String {
    let r = http
        .post(format!("{url}/v1/chat/completions"))
        .bearer_auth(key)
        .json(&ask(&format!("q{i}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    r.headers()["x-request-id"].to_str().unwrap().to_string()
}

async fn get(http: &reqwest::Client, url: &str, key: Option<&str>) -> (u16, String) {
    let mut req = http.get(url);
    if let Some(k) = key {
        req = req.bearer_auth(k);
    }
    let r = req.send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

fn hashes(v: &serde_json::Value) -> Vec<ferret_audit::Hash> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(h.as_str().unwrap())
                .unwrap();
            <[u8; 32]>::try_from(bytes).unwrap()
        })
        .collect()
}

struct Setup {
    rt: tokio::runtime::Runtime,
    cluster: Cluster,
    url: String,
    verifier: NoteVerifier,
    _fake: FakeServer,
}

fn setup(label: &str) -> Option<Setup> {
    ferret_gateway::install_crypto_provider();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let db = rt.block_on(TestDatabase::for_test(label))?;
    let url = db.url.clone();
    let fake = rt
        .block_on(FakeServer::start(FakeConfig::default()))
        .unwrap();
    let cluster = Cluster::start(db, 2, &fake.base_url(), "", None);
    let text = std::fs::read_to_string(cluster.data(1).join("audit").join("public.key")).unwrap();
    let verifier = NoteVerifier::parse(&text).unwrap();
    Some(Setup {
        rt,
        cluster,
        url,
        verifier,
        _fake: fake,
    })
}

#[test]
fn every_instance_serves_proofs_and_bundles_of_the_one_log() {
    let Some(s) = setup("cluster_audit_api") else {
        return;
    };
    let c = &s.cluster;
    let http = reqwest::Client::new();
    let (alice, regulator) = (c.keys.alice.clone(), c.keys.regulator.clone());
    let public = c.data(1).join("audit").join("public.key");

    // Entries recorded by instance 0, proved by instance 1.
    let first: Vec<String> = s.rt.block_on(async {
        let mut v = Vec::new();
        for i in 0..5 {
            v.push(request(&http, &c.urls[0], &alice, i).await);
        }
        v
    });
    for rid in &first {
        let (code, out, err) = run(ferret()
            .args([
                "audit",
                "proof",
                rid,
                "--gateway",
                &c.urls[1],
                "--public-key",
            ])
            .arg(&public)
            .env("FERRET_API_KEY", &regulator));
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("is included in the signed tree"), "{out}");
    }
    let (status, note) = s.rt.block_on(get(
        &http,
        &format!("{}/audit/v1/checkpoint", c.urls[1]),
        None,
    ));
    assert_eq!(status, 200, "{note}");
    let old = s.verifier.open(&note).unwrap();

    // More entries through instance 1; instance 0 signs a newer checkpoint for a proof.
    let later = s.rt.block_on(request(&http, &c.urls[1], &alice, 99));
    let (status, body) = s.rt.block_on(get(
        &http,
        &format!("{}/audit/v1/proof/inclusion?request_id={later}", c.urls[0]),
        Some(&regulator),
    ));
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let new = s.verifier.open(v["checkpoint"].as_str().unwrap()).unwrap();
    assert!(new.size > old.size, "{} then {}", old.size, new.size);

    // The two checkpoints are consistent, as instance 1 proves.
    let (status, body) = s.rt.block_on(get(
        &http,
        &format!(
            "{}/audit/v1/proof/consistency?from={}&to={}",
            c.urls[1], old.size, new.size
        ),
        None,
    ));
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let proof = hashes(&v["proof"]);
    assert!(ferret_audit::merkle::verify_consistency(
        old.size, new.size, &old.root, &new.root, &proof
    ));
    // A range beyond the log is the caller's mistake.
    let (status, _) = s.rt.block_on(get(
        &http,
        &format!(
            "{}/audit/v1/proof/consistency?from=1&to={}",
            c.urls[1],
            new.size + 1000
        ),
        None,
    ));
    assert_eq!(status, 400);

    // Entries need a regulator or admin.
    let entry = format!("{}/audit/v1/entries/0", c.urls[1]);
    let (status, _) = s.rt.block_on(get(&http, &entry, None));
    assert_eq!(status, 401);
    let (status, body) = s.rt.block_on(get(&http, &entry, Some(&regulator)));
    assert_eq!(status, 200, "{body}");

    // A bundle downloaded from instance 0 verifies offline.
    let (status, bundle) = s.rt.block_on(get(
        &http,
        &format!("{}/audit/v1/bundle", c.urls[0]),
        Some(&regulator),
    ));
    assert_eq!(status, 200, "{bundle}");
    let path = c.base.path().join("downloaded.bundle");
    std::fs::write(&path, bundle).unwrap();
    let (code, out, err) = run(ferret()
        .args(["audit", "verify", "--public-key"])
        .arg(&public)
        .arg(&path));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("verified:"), "{out}");
}

#[test]
fn an_altered_database_log_is_refused_and_raw_export_names_the_entry() {
    let Some(s) = setup("cluster_audit_raw") else {
        return;
    };
    let c = &s.cluster;
    let http = reqwest::Client::new();
    s.rt.block_on(async {
        for i in 0..6 {
            request(&http, &c.urls[i % 2], &c.keys.alice, i).await;
        }
        // Under a checkpoint, so that the alteration contradicts a signed root.
        let (status, body) = get(
            &http,
            &format!("{}/audit/v1/bundle", c.urls[0]),
            Some(&c.keys.regulator),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    });
    let public = c.data(1).join("audit").join("public.key");
    let bundle = c.base.path().join("raw.bundle");
    // Unaltered, the raw export verifies too.
    let (code, out, err) = run(ferret()
        .args(["audit", "export", "--database", &s.url, "--raw", "-o"])
        .arg(&bundle));
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = run(ferret()
        .args(["audit", "verify", "--public-key"])
        .arg(&public)
        .arg(&bundle));
    assert_eq!(code, 0, "{out}{err}");

    // The database's owner alters entry 2 behind the append-only trigger.
    s.rt.block_on(async {
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(&s.url).await.unwrap();
        sqlx::raw_sql(
            "ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only; \
             UPDATE audit_entries SET entry = entry || '\\x20'::bytea WHERE idx = 2; \
             ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only;",
        )
        .execute(&mut conn)
        .await
        .unwrap();
    });
    let (code, out, err) = run(ferret()
        .args(["audit", "export", "--database", &s.url, "-o"])
        .arg(&bundle));
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("--raw"), "{err}");
    let (code, out, err) = run(ferret()
        .args(["audit", "export", "--database", &s.url, "--raw", "-o"])
        .arg(&bundle));
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = run(ferret()
        .args(["audit", "verify", "--public-key"])
        .arg(&public)
        .arg(&bundle));
    assert_eq!(code, 1, "{out}{err}");
    // The segment of entries holding the altered one, against the checkpoint it contradicts.
    assert!(out.contains("verification FAILED"), "{out}");
    assert!(out.contains("do not reproduce checkpoint"), "{out}");
}
