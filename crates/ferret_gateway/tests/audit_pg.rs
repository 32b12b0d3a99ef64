//! The PostgreSQL audit log on a real PostgreSQL server: many appenders on two pools (two
//! instances) get one gapless sequence; entries appended in a caller's transaction commit or
//! roll back with it; two signers at once never store two checkpoints of one size, and a
//! stored checkpoint the entries do not reproduce stops a signer; the signer lock passes to
//! another instance when its holder's session dies; the exported log verifies offline, and an
//! altered entry is refused.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use ferret_audit::{Entry, NoteSigner, bundle};
use ferret_gateway::audit::{AdminRecord, AuditEvent, AuditSink};
use ferret_gateway::audit_pg::signer::{Election, SignError, Signed, sign_once};
use ferret_gateway::audit_pg::{PgAuditError, PgAuditLog, PgAuditOptions, PgAuditSink};
use ferret_gateway::audit_pg::{append_in, export};
use ferret_gateway::store::testing::TestDatabase as TestDb;
use sqlx::{Connection, Row};

fn key() -> NoteSigner {
    NoteSigner::from_seed("ferret-gateway/test", [3; 32])
}

/// An entry whose request id is `rid`.
fn entry(rid: &str) -> Entry {
    let mut e = AuditEvent::Admin(AdminRecord {
        at: 1_800_000_000,
        actor: "test".into(),
        action: "org.create".into(),
        target: rid.into(),
        reason: "r".into(),
    })
    .to_entry();
    e.request_id = Some(rid.to_string());
    e
}

async fn open(db: &TestDb, sign: bool) -> Arc<PgAuditLog> {
    let opts = PgAuditOptions {
        sign,
        checkpoint_interval: Duration::from_millis(50),
        ..PgAuditOptions::default()
    };
    PgAuditLog::open(&db.url, key(), opts).await.unwrap()
}

/// Every row of the table: (index, request id).
async fn rows(log: &PgAuditLog) -> Vec<(i64, String)> {
    sqlx::query("SELECT idx, request_id FROM audit_entries ORDER BY idx")
        .fetch_all(log.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn appends_from_many_tasks_and_two_pools_form_one_gapless_sequence() {
    let Some(db) = TestDb::for_test("audit_seq").await else {
        return;
    };
    let a = open(&db, false).await;
    let b = open(&db, false).await;
    let mut tasks = Vec::new();
    for t in 0..16 {
        let log = if t % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            let mut got = Vec::new();
            for i in 0..50 {
                let rid = format!("t{t}-{i}");
                if i % 10 == 9 {
                    // Some appends in a transaction of the caller's, every other one rolled back.
                    let mut tx = log.pool().begin().await.unwrap();
                    let idx = append_in(&mut tx, &[entry(&rid)]).await.unwrap();
                    if (t + i) % 2 == 0 {
                        tx.commit().await.unwrap();
                        got.push((idx, rid));
                    } else {
                        tx.rollback().await.unwrap();
                    }
                } else {
                    got.push((log.append(&entry(&rid)).await.unwrap(), rid));
                }
            }
            got
        }));
    }
    let mut acknowledged = Vec::new();
    for t in tasks {
        acknowledged.extend(t.await.unwrap());
    }
    let stored = rows(&a).await;
    let n = acknowledged.len();
    assert!(n > 700, "{n} acknowledged appends");
    // The committed indexes are exactly 0..n: no gap although transactions were rolled back.
    let idx: Vec<i64> = stored.iter().map(|r| r.0).collect();
    assert_eq!(idx, (0..n as i64).collect::<Vec<_>>());
    // Each acknowledged append is at the index it was given, and no index was given twice.
    let given: BTreeSet<u64> = acknowledged.iter().map(|x| x.0).collect();
    assert_eq!(given.len(), n);
    for (i, rid) in &acknowledged {
        assert_eq!(&stored[*i as usize].1, rid);
    }
    assert_eq!(a.size().await.unwrap(), n as u64);
    assert_eq!(b.size().await.unwrap(), n as u64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_change_and_its_entry_commit_together() {
    let Some(db) = TestDb::for_test("audit_tx").await else {
        return;
    };
    let log = open(&db, false).await;
    let pool = log.pool();
    sqlx::query("CREATE TABLE orgs (name TEXT PRIMARY KEY)")
        .execute(pool)
        .await
        .unwrap();
    for (name, keep) in [("acme", true), ("globex", false), ("initech", true)] {
        let mut tx = pool.begin().await.unwrap();
        sqlx::query("INSERT INTO orgs VALUES ($1)")
            .bind(name)
            .execute(&mut *tx)
            .await
            .unwrap();
        append_in(&mut tx, &[entry(name)]).await.unwrap();
        if keep {
            tx.commit().await.unwrap();
        } else {
            tx.rollback().await.unwrap();
        }
    }
    let orgs: Vec<String> = sqlx::query_scalar("SELECT name FROM orgs ORDER BY name")
        .fetch_all(pool)
        .await
        .unwrap();
    let logged: Vec<String> = rows(&log).await.into_iter().map(|r| r.1).collect();
    assert_eq!(orgs, ["acme", "initech"]);
    assert_eq!(logged, ["acme", "initech"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_signers_at_once_store_one_checkpoint_per_size_and_the_export_verifies() {
    let Some(db) = TestDb::for_test("audit_sign").await else {
        return;
    };
    let a = open(&db, false).await;
    let b = open(&db, false).await;
    // Appenders on both instances while both sign as fast as they can, without the lock.
    let mut writers = Vec::new();
    for t in 0..6 {
        let log = if t % 2 == 0 { a.clone() } else { b.clone() };
        writers.push(tokio::spawn(async move {
            for i in 0..100 {
                log.append(&entry(&format!("w{t}-{i}"))).await.unwrap();
            }
        }));
    }
    let signer = |log: Arc<PgAuditLog>| {
        tokio::spawn(async move {
            let mut stored = Vec::new();
            for _ in 0..60 {
                match sign_once(&log).await.unwrap() {
                    Signed::Stored(s) => stored.push(s),
                    Signed::Nothing => tokio::task::yield_now().await,
                }
            }
            stored
        })
    };
    let (sa, sb) = (signer(a.clone()), signer(b.clone()));
    for w in writers {
        w.await.unwrap();
    }
    let (sa, sb) = (sa.await.unwrap(), sb.await.unwrap());
    // Both sign the final size at once: each either stores the checkpoint of size 600 or
    // finds it stored (identical) already; neither sees a fork.
    let (ra, rb) = tokio::join!(sign_once(&a), sign_once(&b));
    for r in [ra.unwrap(), rb.unwrap()] {
        assert!(matches!(r, Signed::Stored(600) | Signed::Nothing), "{r:?}");
    }
    assert_eq!(a.latest_checkpoint().await.unwrap().unwrap().0, 600);

    // The export checks every stored checkpoint's signature and its root against the entries
    // (it refuses otherwise), and the bundle verifies offline.
    let ex = export::read(&db.url).await.unwrap();
    assert_eq!((ex.snapshot.size(), ex.unsigned), (600, 0));
    let stored: Vec<i64> = sqlx::query_scalar("SELECT tree_size FROM audit_checkpoints")
        .fetch_all(a.pool())
        .await
        .unwrap();
    let stored: BTreeSet<u64> = stored.into_iter().map(|s| s as u64).collect();
    // Every checkpoint a signer reported is the one stored for its size.
    assert!(
        sa.iter().chain(&sb).all(|s| stored.contains(s)),
        "{sa:?} {sb:?}"
    );
    let mut out = Vec::new();
    let s = bundle::export(&ex.snapshot, None, None, &mut out).unwrap();
    assert_eq!((s.count, s.checkpoints), (600, stored.len()));
    let report = bundle::verify(&out[..], &key().verifier(), &[]).unwrap();
    assert_eq!(report.tree_size, 600);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_checkpoint_the_entries_do_not_reproduce_stops_the_signer() {
    let Some(db) = TestDb::for_test("audit_fork").await else {
        return;
    };
    let log = open(&db, false).await;
    for i in 0..5 {
        log.append(&entry(&format!("e{i}"))).await.unwrap();
    }
    // Another history of size 5, signed with the log's key, stored first.
    let forged_root = ferret_audit::merkle::leaf_hash(b"another history");
    sqlx::query("INSERT INTO audit_checkpoints VALUES (5, $1, $2, 0)")
        .bind(forged_root.to_vec())
        .bind(key().sign(5, &forged_root))
        .execute(log.pool())
        .await
        .unwrap();
    log.append(&entry("e5")).await.unwrap();
    let err = sign_once(&log).await.unwrap_err();
    assert!(matches!(err, SignError::Fork { size: 5, .. }), "{err}");
    let sizes: Vec<i64> = sqlx::query_scalar("SELECT tree_size FROM audit_checkpoints")
        .fetch_all(log.pool())
        .await
        .unwrap();
    assert_eq!(sizes, [5]);
    let err = export::read(&db.url).await.unwrap_err();
    assert!(err.to_string().contains("tree size 5"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_signer_lock_passes_on_when_its_session_dies() {
    let Some(db) = TestDb::for_test("audit_elect").await else {
        return;
    };
    let _log = open(&db, false).await;
    let mut one = Election::new(&db.url);
    let mut two = Election::new(&db.url);
    assert!(one.try_lead().await);
    assert!(!two.try_lead().await);
    assert!(one.try_lead().await, "the leader keeps the lock");
    // Kill the leader's backend, as a dead process or a cut connection would.
    let mut admin = sqlx::postgres::PgConnection::connect(&db.url)
        .await
        .unwrap();
    let killed: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_locks
         WHERE locktype = 'advisory' AND granted AND database =
               (SELECT oid FROM pg_database WHERE datname = current_database())",
    )
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert_eq!(killed, [true]);
    // PostgreSQL releases the lock when the session ends; the next try of the other wins.
    let mut took = false;
    for _ in 0..50 {
        if two.try_lead().await {
            took = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(took, "the second candidate never took the lock");
    assert!(
        !one.try_lead().await,
        "the old leader noticed its session died"
    );
    assert!(!one.try_lead().await, "and cannot take the lock back");
    two.resign().await;
    assert!(one.try_lead().await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_elected_signer_checkpoints_and_the_sink_proves_inclusion() {
    let Some(db) = TestDb::for_test("audit_sink").await else {
        return;
    };
    let sink = PgAuditSink::new(open(&db, true).await);
    let _other = open(&db, true).await;
    for i in 0..20 {
        let ev = AuditEvent::Admin(AdminRecord {
            at: 1_800_000_000 + i,
            actor: "test".into(),
            action: "org.create".into(),
            target: format!("org{i}"),
            reason: "r".into(),
        });
        assert_eq!(sink.append(&ev).await.unwrap(), i as u64 + 1);
    }
    // The signer's interval is 50 ms; wait (bounded) for a checkpoint over all 20.
    let mut signed = 0;
    for _ in 0..200 {
        signed = sink
            .log()
            .latest_checkpoint()
            .await
            .unwrap()
            .map_or(0, |c| c.0);
        if signed == 20 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(signed, 20);
    let check = sink.check_inclusion(7).await.unwrap();
    assert!(check.verified, "{}", check.detail);
    assert_eq!(check.tree_size, 20);
    let listed = sink.entries(7, 2).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed[0].json.contains("org7"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_log_is_append_only_and_keeps_one_key() {
    let Some(db) = TestDb::for_test("audit_ro").await else {
        return;
    };
    let log = open(&db, false).await;
    log.append(&entry("x")).await.unwrap();
    for stmt in [
        "UPDATE audit_entries SET ts = 0",
        "DELETE FROM audit_entries",
        "TRUNCATE audit_entries",
    ] {
        let err = sqlx::query(stmt).execute(log.pool()).await.unwrap_err();
        assert!(err.to_string().contains("append-only"), "{stmt}: {err}");
    }
    let other = NoteSigner::from_seed("ferret-gateway/other", [4; 32]);
    let err = PgAuditLog::open(&db.url, other, PgAuditOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(err, PgAuditError::KeyMismatch { .. }), "{err}");
    // An entry altered behind the trigger's back is found by the export.
    sign_once(&log).await.unwrap();
    let mut c = log.pool().acquire().await.unwrap();
    sqlx::query("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only")
        .execute(&mut *c)
        .await
        .unwrap();
    sqlx::query("UPDATE audit_entries SET entry = convert_to('{}', 'UTF8') WHERE idx = 0")
        .execute(&mut *c)
        .await
        .unwrap();
    let err = export::read(&db.url).await.unwrap_err();
    assert!(err.to_string().contains("the signed checkpoint"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_admin_change_appends_its_entry_in_the_store_transaction() {
    let Some(db) = TestDb::for_test("audit_admin").await else {
        return;
    };
    let store = Arc::new(
        ferret_gateway::store::PgStore::connect(&db.url)
            .await
            .unwrap(),
    );
    let log = open(&db, false).await;
    let admin = ferret_gateway::ops::Admin {
        store,
        audit: Arc::new(PgAuditSink::new(log.clone())),
        hasher: ferret_gateway::identity::KeyHasher::new([9; 32]),
        key_max_days: 90,
    };
    // The sink's own connections are closed: only the store transaction's can append.
    log.pool().close().await;
    assert!(log.append(&entry("through the sink")).await.is_err());
    admin
        .create_org("Acme Inc", "US", "cli:test")
        .await
        .unwrap();
    let ex = export::read(&db.url).await.unwrap();
    assert_eq!(ex.unsigned, 1, "one entry, committed with the organisation");
    let org: Option<String> = sqlx::query_scalar("SELECT name FROM orgs WHERE name = 'Acme Inc'")
        .fetch_optional(
            &mut sqlx::postgres::PgConnection::connect(&db.url)
                .await
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(org.as_deref(), Some("Acme Inc"));
}
