//! Audit appends per second through the `AuditSink` seam: the file log of one SQLite set-up
//! (`DataDir::open_audit`, group commit with one `fsync` per batch) against the deployment's
//! PostgreSQL log (`DataDir::open_audit_pg`, group commit with one transaction per batch), with
//! 1, 16, 64 and 256 concurrent appenders of gateway-shaped decision entries.
//!
//! ```text
//! cargo run -p ferret_gateway --example audit_sinks -- [ENTRIES_PER_ROUND] [POSTGRES_URL]
//! ```
//!
//! `POSTGRES_URL` (default `postgres://root@127.0.0.1:5432/postgres`) is the server's
//! maintenance database: the benchmark creates a database of its own there and drops it.

use std::sync::Arc;
use std::time::Instant;

use ferret_gateway::DataDir;
use ferret_gateway::audit::{AuditEvent, AuditSink, DecisionRecord};
use sqlx::Connection;
use sqlx::postgres::PgConnection;

fn decision(i: usize) -> AuditEvent {
    AuditEvent::Decision(DecisionRecord {
        at: 1_800_000_000 + i as i64,
        request_id: format!("req-{i:012}"),
        user_id: 42,
        org_id: 7,
        key_id: Some("fk_0123456789abcdef".into()),
        issuer: None,
        model: "open-general".into(),
        tier: "general".into(),
        api: "openai".into(),
        allowed: true,
        policies: vec!["policy0".into()],
        policy_hash: "b3".repeat(32),
        facts_hash: "f4".repeat(32),
        quota: None,
    })
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

/// Appends `total` entries from `appenders` tasks; prints entries/s, p50 and p99.
async fn round(name: &str, sink: Arc<dyn AuditSink>, appenders: usize, total: usize) {
    let per = total.div_ceil(appenders);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for a in 0..appenders {
        let sink = sink.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(per);
            for i in 0..per {
                let t = Instant::now();
                sink.append(&decision(a * per + i)).await.expect("append");
                lat.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            lat
        }));
    }
    let mut lat = Vec::new();
    for t in tasks {
        lat.extend(t.await.expect("task"));
    }
    let secs = start.elapsed().as_secs_f64();
    let n = lat.len();
    println!(
        "| {name} | {appenders} | {n} | {:.0} | {:.2} ms | {:.2} ms |",
        n as f64 / secs,
        pct(&mut lat, 0.5),
        pct(&mut lat, 0.99)
    );
}

#[tokio::main]
async fn main() {
    let total: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(8000);
    let admin = std::env::args()
        .nth(2)
        .unwrap_or_else(|| "postgres://root@127.0.0.1:5432/postgres".into());
    let name = format!("ferret_bench_{}", std::process::id());
    let mut conn = PgConnection::connect(&admin).await.expect("PostgreSQL");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
        .execute(&mut conn)
        .await
        .expect("create database");
    let (base, query) = admin.split_once('?').unwrap_or((&admin, ""));
    let cut = base.rfind('/').expect("a URL with a database");
    let url = format!("{}/{name}?{query}", &base[..cut]);

    println!("| sink | appenders | entries | entries/s | p50 append | p99 append |");
    println!("|---|---|---|---|---|---|");
    let file_dir = tempfile::tempdir().expect("tempdir");
    let pg_dir = tempfile::tempdir().expect("tempdir");
    let file: Arc<dyn AuditSink> = Arc::new(
        DataDir::new(file_dir.path())
            .open_audit()
            .await
            .expect("file log"),
    );
    let pg: Arc<dyn AuditSink> = Arc::new(
        DataDir::new(pg_dir.path())
            .open_audit_pg(&url)
            .await
            .expect("PostgreSQL log"),
    );
    for appenders in [1, 16, 64, 256] {
        // One appender waits for every commit: a smaller round keeps its time comparable.
        let n = if appenders == 1 { total / 8 } else { total };
        round("file log (SQLite set-up)", file.clone(), appenders, n).await;
        round("PostgreSQL log", pg.clone(), appenders, n).await;
    }
    drop(pg);
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE \"{name}\" WITH (FORCE)"
    )))
    .execute(&mut conn)
    .await
    .expect("drop database");
}
