//! Gateway set-ups side by side in one run: one `ferret gateway serve` process on SQLite, and
//! one, two and three processes on one PostgreSQL database (the deployment's audit log and
//! shared quota counters included), each in front of `fake_model` on loopback.
//!
//! ```text
//! cargo bench -p ferret_cli --bench gateway_cluster -- [REQUESTS] [CLIENTS]
//! ```
//!
//! For each set-up, with no quota rule and with one per-user rule (never reached, so every
//! call is admitted through the counters: in-memory with SQLite, shared rows in PostgreSQL):
//! - **added latency**: REQUESTS sequential calls on one keep-alive connection to the first
//!   instance, against the same calls made straight to `fake_model`; the difference of the
//!   percentiles, and the gateway's own `x-gateway-overhead-ms`;
//! - **decisions per second**: REQUESTS calls from CLIENTS concurrent clients, spread over the
//!   instances in turn; every answer must be a 200.
//!
//! All requests are one user's, so with the quota rule every admission contends for one
//! counter row: the worst case for the shared counters. PostgreSQL is the machine's
//! (`FERRET_TEST_POSTGRES`, as for the tests); every process shares the machine's cores, so the
//! figures show what the shared database costs, not how far more machines would scale.

#[path = "../tests/cluster/mod.rs"]
#[allow(dead_code)]
mod cluster;

use std::time::Instant;

use cluster::{Cluster, ask};
use fake_model::{FakeConfig, FakeServer};
use ferret_gateway::store::testing::TestDatabase;

const QUOTA: &str = "[[quota]]\nscope = \"user\"\nrequests_per_minute = 100000000\n";

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v.get(i).copied().unwrap_or(f64::NAN)
}

/// `n` sequential calls to `url` (as `key`, if any) after `n / 10` to warm up: end-to-end
/// milliseconds and the `x-gateway-overhead-ms` figures.
async fn sequential(
    http: &reqwest::Client,
    url: &str,
    key: Option<&str>,
    n: usize,
) -> (Vec<f64>, Vec<f64>) {
    let body = ask("hello");
    let (mut lat, mut overhead) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for i in 0..n + n / 10 {
        let mut req = http.post(format!("{url}/v1/chat/completions")).json(&body);
        if let Some(k) = key {
            req = req.bearer_auth(k);
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
            lat.push(t.elapsed().as_secs_f64() * 1000.0);
            overhead.extend(oh);
        }
    }
    (lat, overhead)
}

/// `n` calls from `clients` concurrent clients over `urls` in turn; calls per second.
async fn concurrent(
    http: &reqwest::Client,
    urls: &[String],
    key: &str,
    n: usize,
    clients: usize,
) -> f64 {
    let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let t = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (http, urls, key, next) = (http.clone(), urls.to_vec(), key.to_string(), next.clone());
        tasks.push(tokio::spawn(async move {
            let body = ask("hello");
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let url = &urls[i % urls.len()];
                let r = http
                    .post(format!("{url}/v1/chat/completions"))
                    .bearer_auth(&key)
                    .json(&body)
                    .send()
                    .await
                    .expect("send");
                assert!(r.status().is_success(), "status {}", r.status());
                let _ = r.bytes().await.expect("body");
            }
        }));
    }
    for task in tasks {
        task.await.expect("client");
    }
    n as f64 / t.elapsed().as_secs_f64()
}

struct Row {
    setup: String,
    added: (f64, f64),
    overhead: (f64, f64),
    per_second: f64,
}

async fn measure(
    setup: String,
    cluster: &Cluster,
    direct: &mut [f64],
    n: usize,
    clients: usize,
) -> Row {
    let http = reqwest::Client::new();
    let key = cluster.keys.alice.clone();
    let (mut via, mut oh) = sequential(&http, &cluster.urls[0], Some(&key), n).await;
    let per_second = concurrent(&http, &cluster.urls, &key, n, clients).await;
    let row = Row {
        setup,
        added: (
            pct(&mut via, 0.5) - pct(direct, 0.5),
            pct(&mut via, 0.99) - pct(direct, 0.99),
        ),
        overhead: (pct(&mut oh, 0.5), pct(&mut oh, 0.99)),
        per_second,
    };
    eprintln!(
        "{}: added p50 {:.2} ms p99 {:.2} ms; overhead p50 {:.2} ms p99 {:.2} ms; {:.0} calls/s",
        row.setup, row.added.0, row.added.1, row.overhead.0, row.overhead.1, row.per_second
    );
    row
}

fn main() {
    let mut args = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .filter_map(|a| a.parse::<usize>().ok());
    let n = args.next().unwrap_or(2000);
    let clients = args.next().unwrap_or(16);
    ferret_gateway::install_crypto_provider();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let fake = rt
        .block_on(FakeServer::start(FakeConfig::default()))
        .expect("fake_model");
    let http = reqwest::Client::new();
    let (mut direct, _) = rt.block_on(sequential(&http, &fake.base_url(), None, n));
    let mut rows = Vec::new();
    for (quota, label) in [("", "no quota rule"), (QUOTA, "one quota rule")] {
        let c = Cluster::start_sqlite(&fake.base_url(), quota);
        rows.push(rt.block_on(measure(
            format!("SQLite, 1 instance, {label}"),
            &c,
            &mut direct,
            n,
            clients,
        )));
        drop(c);
        for instances in 1..=3 {
            let db = rt
                .block_on(TestDatabase::create("bench_cluster"))
                .expect("PostgreSQL");
            let c = Cluster::start(db, instances, &fake.base_url(), quota, None);
            rows.push(rt.block_on(measure(
                format!("PostgreSQL, {instances} instance(s), {label}"),
                &c,
                &mut direct,
                n,
                clients,
            )));
        }
    }
    println!(
        "{n} calls per measurement; direct to fake_model p50 {:.3} ms p99 {:.3} ms; {clients} clients",
        pct(&mut direct, 0.5),
        pct(&mut direct, 0.99)
    );
    println!(
        "| set-up | added p50 | added p99 | x-gateway-overhead-ms p50 / p99 | calls/s ({clients} clients) |"
    );
    println!("| --- | --- | --- | --- | --- |");
    for r in rows {
        println!(
            "| {} | {:.2} ms | {:.2} ms | {:.2} / {:.2} ms | {:.0} |",
            r.setup, r.added.0, r.added.1, r.overhead.0, r.overhead.1, r.per_second
        );
    }
}
