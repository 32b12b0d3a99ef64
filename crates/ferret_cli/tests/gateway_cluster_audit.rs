//! The deployment's one audit log under a crash: two real `ferret gateway serve` processes on
//! one PostgreSQL database, one killed (SIGKILL) while requests are in flight. Every request
//! answered 200 has its decision in the log, the other instance keeps serving and takes over
//! the checkpoint signing, and the exported log verifies with `ferret audit verify`. Without
//! PostgreSQL the test fails unless `FERRET_SKIP_POSTGRES_TESTS=1`.

#![cfg(feature = "gateway")]

#[allow(dead_code)] // shared with gateway_cluster.rs, which uses the rest
mod cluster;

use std::collections::BTreeSet;
use std::time::Duration;

use cluster::{Cluster, ask, ferret, run};
use fake_model::{FakeConfig, FakeServer};
use ferret_gateway::store::testing::TestDatabase;

/// One chat completion; the status and the `x-request-id` of a 200.
async fn request(http: &reqwest::Client, url: &str, key: &str, i: usize) -> Option<String> {
    let r = http
        .post(format!("{url}/v1/chat/completions"))
        .bearer_auth(key)
        .json(&ask(&format!("q{i}")))
        .send()
        .await
        .ok()?;
    let id = r.headers().get("x-request-id")?.to_str().ok()?.to_string();
    (r.status().as_u16() == 200).then_some(id)
}

/// The request ids of the allowed decisions under the log's latest checkpoint, and how many
/// committed entries are after it.
async fn logged(url: &str) -> (BTreeSet<String>, u64) {
    use ferret_audit::ExportSource;
    let ex = ferret_gateway::audit_pg::export::read(url).await.unwrap();
    let mut ids = BTreeSet::new();
    let mut i = 0;
    loop {
        let chunk = ex.snapshot.entries(i, 4096).unwrap();
        if chunk.is_empty() {
            break;
        }
        i += chunk.len() as u64;
        for (_, bytes, _) in chunk {
            let e = ferret_audit::Entry::parse(&bytes).unwrap();
            if e.outcome == "allow"
                && let Some(r) = e.request_id
            {
                ids.insert(r);
            }
        }
    }
    (ids, ex.unsigned)
}

#[test]
fn a_killed_instance_loses_no_acknowledged_entry_and_the_log_verifies() {
    ferret_gateway::install_crypto_provider();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(db) = rt.block_on(TestDatabase::for_test("cluster_audit")) else {
        return;
    };
    let url = db.url.clone();
    let fake = rt
        .block_on(FakeServer::start(FakeConfig::default()))
        .unwrap();
    let mut c = Cluster::start(db, 2, &fake.base_url(), "", None);
    let http = reqwest::Client::new();
    let (key, urls) = (c.keys.alice.clone(), c.urls.clone());
    // 400 requests on both instances, a few at a time, while instance 0 is killed.
    let load = rt.spawn({
        let (http, key) = (http.clone(), key.clone());
        async move {
            let mut ok = Vec::new();
            for wave in 0..40 {
                let tasks: Vec<_> = (0..10)
                    .map(|j| {
                        let i = wave * 10 + j;
                        let (http, url, key) = (http.clone(), urls[i % 2].clone(), key.clone());
                        tokio::spawn(async move { request(&http, &url, &key, i).await })
                    })
                    .collect();
                for t in tasks {
                    ok.extend(t.await.unwrap());
                }
            }
            ok
        }
    });
    // Kill once requests are flowing (a wait for the load to start, not a timing assertion).
    std::thread::sleep(Duration::from_millis(300));
    c.kill(0);
    let acknowledged = rt.block_on(load).unwrap();
    assert!(
        acknowledged.len() >= 200,
        "{} answered 200",
        acknowledged.len()
    );
    // The other instance keeps serving.
    let after: Vec<_> = rt.block_on(async {
        let mut v = Vec::new();
        for i in 0..20 {
            v.push(request(&http, &c.urls[1], &key, 1000 + i).await);
        }
        v
    });
    assert!(after.iter().all(Option::is_some), "{after:?}");
    // Instance 1 takes over the signing: wait (bounded) until every entry is under a checkpoint.
    let mut state = rt.block_on(logged(&url));
    for _ in 0..100 {
        if state.1 == 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
        state = rt.block_on(logged(&url));
    }
    let (ids, unsigned) = state;
    assert_eq!(unsigned, 0, "entries were left unsigned");
    let lost: Vec<_> = acknowledged
        .iter()
        .chain(after.iter().flatten())
        .filter(|r| !ids.contains(*r))
        .collect();
    assert!(lost.is_empty(), "acknowledged but not in the log: {lost:?}");

    let bundle = c.base.path().join("audit.bundle");
    let (code, out, err) = run(ferret()
        .args(["audit", "export", "--database", &url, "-o"])
        .arg(&bundle));
    assert_eq!(code, 0, "{out}{err}");
    let public = c.data(1).join("audit").join("public.key");
    let (code, out, err) = run(ferret()
        .args(["audit", "verify", "--public-key"])
        .arg(&public)
        .arg(&bundle));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("verified:"), "{out}");
}
