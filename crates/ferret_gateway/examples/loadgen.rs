//! Load benchmark: gateway overhead against a direct call to `fake_model`, and policy decisions
//! per second on one core. Everything runs on loopback in one process.
//!
//! ```text
//! cargo run -p ferret_gateway --example loadgen -- [REQUESTS]
//! ```
//!
//! Reports p50/p99 of end-to-end latency direct and through the gateway (sequential requests on
//! a keep-alive connection), the gateway's own `x-gateway-overhead-ms` figures, the store lookup,
//! and decisions/s on one core: `PolicyEngine::decide` alone (cold, warm-200, warm-2000), then
//! the whole decision path after authentication (`pipeline`: facts, decision, quota check,
//! decision record, append to the in-memory audit sink). Use a release build for the figures:
//! `cargo build --release -p ferret_gateway --example loadgen`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_model::{FakeConfig, FakeServer};
use ferret_gateway::Gateway;
use ferret_gateway::audit::MemoryAuditSink;
use ferret_gateway::audit::{AuditEvent, AuditSink, DecisionRecord};
use ferret_gateway::config::GatewayConfig;
use ferret_gateway::countries::CountryTable;
use ferret_gateway::ops::Vetting;
use ferret_gateway::policy::{Facts, PolicyEngine};
use ferret_gateway::quota::{AdmitError, QuotaKeys, QuotaRule, Quotas, Scope};
use ferret_gateway::store::{Role, SqliteStore, Store};
use serde_json::json;

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    ferret_gateway::install_crypto_provider();
    let dir = tempfile::tempdir().expect("tempdir");
    let fake = FakeServer::start(FakeConfig::default())
        .await
        .expect("fake");
    let toml = format!(
        "[[model]]\nid = \"m\"\ntier = \"lite\"\nupstream = \"{}\"\napi = \"openai\"\n",
        fake.base_url()
    );
    let config = GatewayConfig::parse(&toml, "bench.toml", dir.path()).expect("config");
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(dir.path()).await.expect("store"));
    // `loadgen N durable` puts the durable Merkle audit log (fsync per group commit) behind the
    // gateway instead of the in-memory sink, to measure what the durable append adds.
    let durable = std::env::args().nth(2).as_deref() == Some("durable");
    let audit: Arc<dyn ferret_gateway::audit::AuditSink> = if durable {
        Arc::new(
            ferret_gateway::DataDir::new(dir.path())
                .open_audit()
                .await
                .expect("audit log"),
        )
    } else {
        Arc::new(MemoryAuditSink::new())
    };
    println!(
        "audit sink: {}",
        if durable {
            "durable Merkle log (fsync)"
        } else {
            "in memory"
        }
    );
    let gw = Gateway::new(config, store, audit, dir.path())
        .await
        .expect("gateway");
    let admin = gw.admin().clone();
    admin
        .create_org("Bench Inc", "US", "bench")
        .await
        .expect("org");
    admin
        .vet("Bench Inc", Vetting::Approve, "bench", None, "bench")
        .await
        .expect("approve");
    admin
        .create_user(
            "b@bench.test",
            "Bench Inc",
            "FR",
            "US",
            None,
            Role::User,
            "bench",
        )
        .await
        .expect("user");
    let key = admin
        .create_key("b@bench.test", None, "bench")
        .await
        .expect("key")
        .key;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(gw.serve(listener, std::future::pending()));

    let client = reqwest::Client::new();
    let body = json!({"model": "m", "messages": [{"role": "user", "content": "hello"}]});
    let run = |url: String, auth: Option<String>| {
        let client = client.clone();
        let body = body.clone();
        async move {
            let mut lat = Vec::with_capacity(n);
            let mut overhead = Vec::new();
            for i in 0..n + n / 10 {
                let mut req = client.post(&url).json(&body);
                if let Some(a) = &auth {
                    req = req.bearer_auth(a);
                }
                let t = Instant::now();
                let r = req.send().await.expect("send");
                assert!(r.status().is_success(), "status {}", r.status());
                let oh = r
                    .headers()
                    .get("x-gateway-overhead-ms")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse::<f64>().ok());
                let _ = r.bytes().await.expect("body");
                if i >= n / 10 {
                    // the first 10% warm up
                    lat.push(t.elapsed().as_secs_f64() * 1000.0);
                    overhead.extend(oh);
                }
            }
            (lat, overhead)
        }
    };
    let (mut direct, _) = run(format!("{}/v1/chat/completions", fake.base_url()), None).await;
    let (mut via, mut oh) = run(
        format!("http://{addr}/v1/chat/completions"),
        Some(key.clone()),
    )
    .await;
    let (d50, d99) = (pct(&mut direct, 0.5), pct(&mut direct, 0.99));
    let (g50, g99) = (pct(&mut via, 0.5), pct(&mut via, 0.99));
    println!("requests per path: {n} (sequential, keep-alive, loopback)");
    println!("direct   p50 {d50:.3} ms  p99 {d99:.3} ms");
    println!("gateway  p50 {g50:.3} ms  p99 {g99:.3} ms");
    println!(
        "added    p50 {:.3} ms  p99 {:.3} ms (difference of percentiles)",
        g50 - d50,
        g99 - d99
    );
    println!(
        "x-gateway-overhead-ms  p50 {:.3}  p99 {:.3}",
        pct(&mut oh, 0.5),
        pct(&mut oh, 0.99)
    );

    // The store lookup on the request path (key id -> key, user, organisation).
    let key_id = key[4..20].to_string();
    let mut look = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let _ = admin.store.principal_by_key(&key_id).await.expect("lookup");
        look.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "store    principal_by_key p50 {:.3} ms  p99 {:.3} ms",
        pct(&mut look, 0.5),
        pct(&mut look, 0.99)
    );

    // Decisions per second on one core: `PolicyEngine::decide` (the entity slice, from the cache
    // or built, then Cedar's `is_authorized` over the shipped policy set), with the facts of each
    // decision built as the service builds them (owned strings). Two workloads:
    // - cold: every decision has facts never seen before (100,000 users), so every slice is built;
    // - warm: 200 or 2,000 users (10 per organisation) calling 3 models in a pseudo-random order,
    //   so the slices of recent (user, model) pairs come from the cache (600 or 6,000 slices).
    let classes = ["domestic", "foreign", "embargoed"];
    let tiers = ["full", "lite", "general"];
    let facts = |user: usize, org: usize, model: usize| Facts {
        user_id: user as i64,
        org_id: org as i64,
        org_name: "Org".into(),
        org_status: if org.is_multiple_of(4) {
            "applied"
        } else {
            "approved"
        }
        .into(),
        org_country_class: classes[org % 2].into(),
        org_screening: "clear".into(),
        nationality_class: classes[(user / 2) % 3].into(),
        location_class: classes[(user / 7) % 2].into(),
        user_screening: "clear".into(),
        model: format!("m{model}"),
        tier: tiers[model % 3].into(),
        api: "openai".into(),
    };
    for users in [0usize, 200, 2000] {
        let warm = users > 0;
        let engine = PolicyEngine::default_policy().expect("policy");
        let mut decisions = 0u64;
        let mut allowed = 0u64;
        let mut per = Vec::new();
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(2) {
            let i = decisions as usize;
            let f = if warm {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                let user = (rng % users as u64) as usize;
                facts(user, user / 10, (rng >> 32) as usize % 3)
            } else {
                facts(i % 100_000, i % 10_000, i % 3)
            };
            let t = Instant::now();
            let d = engine.decide(&f).expect("decide");
            per.push(t.elapsed().as_secs_f64() * 1e6);
            allowed += u64::from(d.allowed);
            decisions += 1;
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "policy {:9}  {:.0} decisions/s on one core ({} allowed of {}), p50 {:.1} us, p99 {:.1} us, {} slices cached",
            if warm {
                format!("warm-{users}")
            } else {
                "cold".to_string()
            },
            decisions as f64 / secs,
            allowed,
            decisions,
            pct(&mut per, 0.5),
            pct(&mut per, 0.99),
            engine.cached_slices()
        );
    }

    // The decision path of a proxied request after authentication, as `proxy` in server.rs runs
    // it: the facts from the principal's store records and the country table, the decision, the
    // quota check (one per-user rule, so counters are kept), the decision record with its facts
    // hash, and its append to the in-memory audit sink. The principal is the bench user's record
    // (read once; the store read is measured above), under 200 user ids (warm) or a new id per
    // decision (cold).
    let (_, principal) = admin
        .store
        .principal_by_key(&key_id)
        .await
        .expect("lookup")
        .expect("principal");
    let countries = CountryTable::new(admin.store.country_tiers().await.expect("countries"));
    let quotas = Quotas::new(vec![QuotaRule {
        scope: Scope::User,
        only: None,
        requests_per_minute: Some(u64::MAX),
        requests_per_day: None,
        tokens_per_minute: None,
        tokens_per_day: None,
    }]);
    for users in [0u64, 200] {
        let engine = PolicyEngine::default_policy().expect("policy");
        let sink = MemoryAuditSink::new();
        let mut rec = principal.clone();
        let mut decisions = 0u64;
        let mut per = Vec::new();
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(2) {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rec.user.id = if users > 0 {
                (rng % users) as i64
            } else {
                decisions as i64
            };
            rec.user.email = format!("u{}@bench.test", rec.user.id);
            let t = Instant::now();
            let at = ferret_gateway::now();
            let (u, o) = (&rec.user, &rec.org);
            let f = Facts {
                user_id: u.id,
                org_id: o.id,
                org_name: o.name.clone(),
                org_status: o.status.as_str().into(),
                org_country_class: countries.class_of(&o.country, at).into(),
                org_screening: o.screening.as_str().into(),
                nationality_class: countries.class_of(&u.nationality, at).into(),
                location_class: countries.class_of(&u.location, at).into(),
                user_screening: u.screening.as_str().into(),
                model: "m".into(),
                tier: "lite".into(),
                api: "openai".into(),
            };
            let d = engine.decide(&f).expect("decide");
            let keys = QuotaKeys {
                org: o.name.clone(),
                user: u.email.clone(),
                model: f.model.clone(),
            };
            let quota = if d.allowed {
                match quotas.admit(&keys, at).await {
                    Ok(()) => None,
                    Err(AdmitError::Exceeded(q)) => Some(q),
                    Err(AdmitError::Store(e)) => panic!("in-memory quotas: {e}"),
                }
            } else {
                None
            };
            let facts_hash = blake3::hash(&serde_json::to_vec(&f).unwrap_or_default())
                .to_hex()
                .to_string();
            let ev = AuditEvent::Decision(DecisionRecord {
                at,
                request_id: format!("{decisions:016x}"),
                user_id: u.id,
                org_id: o.id,
                key_id: Some(key_id.clone()),
                issuer: None,
                model: f.model.clone(),
                tier: f.tier.clone(),
                api: f.api.clone(),
                allowed: d.allowed && quota.is_none(),
                policies: d.policies.clone(),
                policy_hash: engine.hash().to_string(),
                facts_hash,
                quota: quota.map(|q| format!("{:?}:{}", q.scope, q.limit)),
            });
            sink.append(&ev).await.expect("append");
            per.push(t.elapsed().as_secs_f64() * 1e6);
            decisions += 1;
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "pipeline {:9}  {:.0} decisions/s on one core, p50 {:.1} us, p99 {:.1} us, {} slices cached",
            if users > 0 {
                format!("warm-{users}")
            } else {
                "cold".to_string()
            },
            decisions as f64 / secs,
            pct(&mut per, 0.5),
            pct(&mut per, 0.99),
            engine.cached_slices()
        );
    }
}
