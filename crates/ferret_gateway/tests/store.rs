//! The store's contract, run on both engines: an in-memory SQLite store and a PostgreSQL
//! database of its own per test (see `store::testing`; without PostgreSQL these tests fail
//! unless `FERRET_SKIP_POSTGRES_TESTS=1`). Then the PostgreSQL-only parts: migrations shared by
//! instances starting together, and quota counters that several instances share.

use std::sync::Arc;

use ferret_gateway::quota::{AdmitError, QuotaKeys, QuotaRule, Quotas, RuleCheck, Scope};
use ferret_gateway::store::testing::{TestDatabase, each_store};
use ferret_gateway::store::{
    ApiKey, CountryTier, DeniedParty, NewUser, OrgStatus, PgStore, Role, SCHEMA_VERSION, Screening,
    Store, StoreError, UsageRecord, UserEvent, VettingEvent,
};

fn event(org_id: i64, action: &str, from: &str, to: &str, at: i64) -> VettingEvent {
    VettingEvent {
        org_id,
        action: action.into(),
        from_status: from.into(),
        to_status: to.into(),
        reason: format!("reason of {action}"),
        actor: "regulator@reg.test".into(),
        at,
    }
}

fn new_user(email: &str, org_id: i64, role: Role) -> NewUser {
    NewUser {
        email: email.into(),
        name: Some("Ada Lovelace".into()),
        org_id,
        nationality: "US".into(),
        location: "GB".into(),
        role,
        attested_by: Some("ops@op.test".into()),
    }
}

/// Every write of a unit of work, read back inside it and, once committed, through the store.
async fn writes_and_reads(store: &dyn Store, engine: &str) {
    let mut tx = store.begin().await.unwrap();
    let org = tx
        .create_org("Acme Inc", "US", "ops@op.test", 10)
        .await
        .unwrap();
    assert_eq!(
        (org.status, org.screening),
        (OrgStatus::Applied, Screening::Clear)
    );
    assert!(matches!(
        tx.create_org("Acme Inc", "US", "x", 11).await,
        Err(StoreError::Conflict {
            kind: "organisation",
            ..
        })
    ));
    let other = tx
        .create_org("Beta GmbH", "DE", "ops@op.test", 12)
        .await
        .unwrap();
    assert_ne!(org.id, other.id);
    let approved = tx
        .set_org_status(
            org.id,
            OrgStatus::Approved,
            Some("licence D123"),
            &event(org.id, "approve", "applied", "approved", 20),
        )
        .await
        .unwrap();
    assert_eq!(approved.basis.as_deref(), Some("licence D123"));
    assert_eq!(approved.approved_at, Some(20));
    assert_eq!(approved.approved_by.as_deref(), Some("regulator@reg.test"));
    let q = tx
        .set_org_screening(
            other.id,
            Screening::Quarantined,
            &event(other.id, "screening-hit", "clear", "quarantined", 21),
        )
        .await
        .unwrap();
    assert_eq!(q.screening, Screening::Quarantined);
    assert_eq!(
        tx.org_by_name("Acme Inc").await.unwrap().unwrap().id,
        org.id
    );
    let names: Vec<String> = tx
        .list_orgs()
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(names, ["Acme Inc", "Beta GmbH"]);
    let evs = tx.org_events(org.id).await.unwrap();
    assert_eq!(
        evs.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["apply", "approve"]
    );

    let ada = tx
        .create_user(&new_user("ada@acme.test", org.id, Role::OrgAdmin), 30)
        .await
        .unwrap();
    assert_eq!(ada.role, Role::OrgAdmin);
    assert_eq!(ada.attested_by.as_deref(), Some("ops@op.test"));
    assert!(matches!(
        tx.create_user(&new_user("ada@acme.test", org.id, Role::User), 31)
            .await,
        Err(StoreError::Conflict { kind: "user", .. })
    ));
    tx.create_user(&new_user("bob@beta.test", other.id, Role::User), 32)
        .await
        .unwrap();
    assert_eq!(
        tx.user_by_email("ada@acme.test").await.unwrap().unwrap().id,
        ada.id
    );
    assert_eq!(tx.list_users(None).await.unwrap().len(), 2);
    assert_eq!(tx.list_users(Some(org.id)).await.unwrap().len(), 1);
    let ue = UserEvent {
        user_id: ada.id,
        action: "screening-hit".into(),
        from_status: "clear".into(),
        to_status: "quarantined".into(),
        reason: "listed name".into(),
        actor: "screening".into(),
        at: 33,
    };
    let ada_q = tx
        .set_user_screening(ada.id, Screening::Quarantined, &ue)
        .await
        .unwrap();
    assert_eq!(ada_q.screening, Screening::Quarantined);
    assert_eq!(tx.user_events(ada.id).await.unwrap().len(), 1);

    let key = ApiKey {
        key_id: "k1".into(),
        user_id: ada.id,
        hash: vec![0, 1, 2, 255],
        created_at: 40,
        expires_at: 1000,
        revoked_at: None,
    };
    tx.insert_key(&key).await.unwrap();
    tx.insert_key(&ApiKey {
        key_id: "k2".into(),
        created_at: 41,
        ..key.clone()
    })
    .await
    .unwrap();
    tx.revoke_key("k2", 42).await.unwrap();
    assert!(matches!(
        tx.revoke_key("k2", 43).await,
        Err(StoreError::NotFound {
            kind: "active key",
            ..
        })
    ));

    let party = DeniedParty {
        source: "EL".into(),
        name: "Northwind Trading".into(),
        alt_names: vec!["NW Trading".into(), "Nordwind".into()],
        country: Some("XX".into()),
        addresses: "1 Road".into(),
    };
    assert_eq!(
        tx.replace_denied_parties(std::slice::from_ref(&party), "h1", 50)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        tx.replace_denied_parties(std::slice::from_ref(&party), "h2", 51)
            .await
            .unwrap(),
        2
    );
    let tiers = tx.country_tiers().await.unwrap().len();
    tx.add_country_tier(&CountryTier {
        country: "FR".into(),
        class: "foreign".into(),
        effective_from: 60,
        version: 2,
        source: "test".into(),
    })
    .await
    .unwrap();
    assert_eq!(tx.country_tiers().await.unwrap().len(), tiers + 1);
    let rule = QuotaRule {
        scope: Scope::Org,
        only: Some("Acme Inc".into()),
        requests_per_minute: Some(5),
        requests_per_day: None,
        tokens_per_minute: Some(1000),
        tokens_per_day: Some(1 << 40),
    };
    let kept = tx.add_quota_rule(&rule, "ops@op.test", 70).await.unwrap();
    let gone = tx.add_quota_rule(&rule, "ops@op.test", 71).await.unwrap();
    tx.delete_quota_rule(gone.id).await.unwrap();
    assert!(matches!(
        tx.delete_quota_rule(gone.id).await,
        Err(StoreError::NotFound { .. })
    ));
    tx.commit().await.unwrap();

    // Through the store.
    assert_eq!(
        store.org_by_id(org.id).await.unwrap().unwrap().name,
        "Acme Inc"
    );
    assert!(store.org_by_name("Nobody").await.unwrap().is_none());
    assert_eq!(store.list_orgs().await.unwrap().len(), 2);
    assert_eq!(store.org_events(other.id).await.unwrap().len(), 2);
    assert_eq!(
        store.list_users(Some(other.id)).await.unwrap()[0].email,
        "bob@beta.test"
    );
    assert_eq!(
        store.user_events(ada.id).await.unwrap()[0].reason,
        "listed name"
    );
    let keys = store.org_keys(org.id).await.unwrap();
    assert_eq!(
        keys.iter()
            .map(|(e, k)| (e.as_str(), k.key_id.as_str()))
            .collect::<Vec<_>>(),
        [("ada@acme.test", "k2"), ("ada@acme.test", "k1")],
        "newest first ({engine})"
    );
    let (k, p) = store.principal_by_key("k1").await.unwrap().unwrap();
    assert_eq!(k.hash, [0, 1, 2, 255]);
    assert_eq!(
        (p.user.email.as_str(), p.org.name.as_str()),
        ("ada@acme.test", "Acme Inc")
    );
    assert_eq!(
        store
            .principal_by_key("k2")
            .await
            .unwrap()
            .unwrap()
            .0
            .revoked_at,
        Some(42)
    );
    assert!(store.principal_by_key("nope").await.unwrap().is_none());
    let p = store
        .principal_by_email("bob@beta.test")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.org.screening, Screening::Quarantined);
    store.upsert_model("m-full", "full").await.unwrap();
    store.upsert_model("m-full", "lite").await.unwrap();
    store.upsert_model("a-lite", "lite").await.unwrap();
    assert_eq!(store.model_ids().await.unwrap(), ["a-lite", "m-full"]);
    store
        .record_usage(&UsageRecord {
            user_id: ada.id,
            org_id: org.id,
            model: "m-full".into(),
            prompt_tokens: 12,
            completion_tokens: u64::from(u32::MAX) + 1,
            at: 80,
        })
        .await
        .unwrap();
    let parties = store.denied_parties().await.unwrap();
    assert_eq!(parties.len(), 1, "the import replaced the list");
    assert_eq!(parties[0].alt_names, ["NW Trading", "Nordwind"]);
    assert_eq!(store.country_tiers().await.unwrap().len(), tiers + 1);
    let rules = store.quota_rules().await.unwrap();
    assert_eq!(rules.len(), 1);
    assert_eq!((rules[0].id, &rules[0].rule), (kept.id, &rule), "{engine}");
}

#[tokio::test]
async fn every_query_works_on_both_engines() {
    for b in each_store("contract").await {
        writes_and_reads(b.store.as_ref(), b.name).await;
    }
}

#[tokio::test]
async fn a_unit_of_work_dropped_uncommitted_leaves_nothing() {
    for b in each_store("rollback").await {
        let s = b.store.as_ref();
        let mut tx = s.begin().await.unwrap();
        let org = tx.create_org("Acme", "US", "t", 0).await.unwrap();
        tx.create_user(&new_user("a@acme.test", org.id, Role::User), 0)
            .await
            .unwrap();
        // (The in-memory SQLite store has one connection, held by the transaction; its
        // file-backed store is tested for this in store/sqlite.rs.)
        assert!(
            b.name == "sqlite" || s.org_by_name("Acme").await.unwrap().is_none(),
            "not seen outside ({})",
            b.name
        );
        drop(tx);
        assert!(
            s.org_by_name("Acme").await.unwrap().is_none(),
            "rolled back ({})",
            b.name
        );
        assert!(s.user_by_email("a@acme.test").await.unwrap().is_none());
        assert_eq!(s.schema_version().await.unwrap(), SCHEMA_VERSION);
    }
}

#[tokio::test]
async fn postgres_migrations_run_once_for_instances_starting_together() {
    let Some(db) = TestDatabase::for_test("migrate").await else {
        return;
    };
    let opens = (0..3).map(|_| PgStore::connect(&db.url));
    let stores: Vec<PgStore> = futures_util::future::join_all(opens)
        .await
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    for s in &stores {
        assert_eq!(s.schema_version().await.unwrap(), SCHEMA_VERSION);
        assert!(
            s.migrate().await.unwrap().is_empty(),
            "nothing left to apply"
        );
    }
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM schema_migrations")
        .fetch_one(stores[0].pool())
        .await
        .unwrap();
    assert_eq!(rows, SCHEMA_VERSION, "each version applied once");
    // The seeded country rows are there once.
    assert_eq!(stores[1].country_tiers().await.unwrap().len(), 7);
    // A database from a newer build is refused, at start and by migrate.
    sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES (99, 0)")
        .execute(stores[0].pool())
        .await
        .unwrap();
    for s in &stores {
        s.close().await;
    }
    assert!(matches!(
        PgStore::connect(&db.url).await,
        Err(StoreError::TooNew {
            found: 99,
            supported: SCHEMA_VERSION
        })
    ));
}

fn per_user(rpm: Option<u64>, tpm: Option<u64>) -> QuotaRule {
    QuotaRule {
        scope: Scope::User,
        only: None,
        requests_per_minute: rpm,
        requests_per_day: None,
        tokens_per_minute: tpm,
        tokens_per_day: None,
    }
}

fn keys(user: &str) -> QuotaKeys {
    QuotaKeys {
        org: "Acme Inc".into(),
        user: user.into(),
        model: "m".into(),
    }
}

#[tokio::test]
async fn shared_request_counters_are_exact_across_instances() {
    let Some(db) = TestDatabase::for_test("quota_req").await else {
        return;
    };
    // Three instances: three pools, three books over one database.
    let mut books = Vec::new();
    for _ in 0..3 {
        let s = PgStore::connect(&db.url).await.unwrap();
        let rules = vec![
            per_user(Some(10), None),
            QuotaRule {
                scope: Scope::Org,
                ..per_user(Some(1000), None)
            },
        ];
        books.push(Arc::new(Quotas::with_counters(rules, s.shared_quotas())));
    }
    let now = 1_800_000_005; // 5 s into a minute
    let mut tasks = Vec::new();
    for i in 0..200 {
        let book = books[i % 3].clone();
        tasks.push(tokio::spawn(async move {
            book.admit(&keys("ada@acme.test"), now).await
        }));
    }
    let mut admitted = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(()) => admitted += 1,
            Err(AdmitError::Exceeded(q)) => assert_eq!(q.limit, "requests_per_minute"),
            Err(AdmitError::Store(e)) => panic!("store: {e}"),
        }
    }
    assert_eq!(admitted, 10);
    // Another user has a counter of their own; the next minute starts afresh.
    assert!(books[0].admit(&keys("bob@acme.test"), now).await.is_ok());
    assert!(
        books[1]
            .admit(&keys("ada@acme.test"), now + 60)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn shared_reservations_bound_parallel_calls_and_settle_to_the_real_usage() {
    let Some(db) = TestDatabase::for_test("quota_tok").await else {
        return;
    };
    let s = PgStore::connect(&db.url).await.unwrap();
    let counters = s.shared_quotas().unwrap();
    let check = vec![RuleCheck {
        counter: (Scope::User, "u".into()),
        rule: per_user(None, Some(5000)),
    }];
    // The same sequence as the in-memory book's test (quota.rs), on the shared counters.
    let a = counters.admit(&check, 0, 4100).await.unwrap().unwrap();
    let b = counters.admit(&check, 1, 4100).await.unwrap().unwrap();
    let refused = counters.admit(&check, 2, 4100).await.unwrap().unwrap_err();
    assert_eq!(refused.limit, "tokens_per_minute");
    counters.settle(b, None, 3).await.unwrap();
    counters.settle(a, Some(100), 3).await.unwrap();
    let c = counters.admit(&check, 4, 4100).await.unwrap().unwrap();
    counters.settle(c, Some(4900), 5).await.unwrap();
    assert!(counters.admit(&check, 6, 1).await.unwrap().is_err());
    assert!(
        counters.admit(&check, 60, 1).await.unwrap().is_ok(),
        "next minute"
    );
    // A reservation whose call never ended (its instance died) stops counting after its TTL.
    let rule = vec![RuleCheck {
        counter: (Scope::User, "v".into()),
        rule: per_user(None, Some(100)),
    }];
    let t0 = 1_000_000;
    counters.admit(&rule, t0, 100).await.unwrap().unwrap();
    assert!(counters.admit(&rule, t0 + 1, 1).await.unwrap().is_err());
    let later = t0 + ferret_gateway::store::RESERVATION_TTL + 1;
    assert!(counters.admit(&rule, later, 1).await.unwrap().is_ok());
}

#[tokio::test]
async fn stale_reservations_are_swept_by_one_settlement_in_sweep_every() {
    use ferret_gateway::store::{RESERVATION_TTL, SWEEP_EVERY};
    use sqlx::Connection;
    let Some(db) = TestDatabase::for_test("quota_sweep").await else {
        return;
    };
    let s = PgStore::connect(&db.url).await.unwrap();
    let counters = s.shared_quotas().unwrap();
    let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
    let rows = |c: &'static str| {
        sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
            "SELECT count(*) FROM quota_reservations WHERE key = '{c}'"
        )))
    };
    let check = |key: &str| {
        vec![RuleCheck {
            counter: (Scope::User, key.into()),
            rule: per_user(Some(1000), None),
        }]
    };
    // A call whose instance died at t0 leaves its reservation behind.
    let t0 = 1_000_000;
    counters
        .admit(&check("dead"), t0, 10)
        .await
        .unwrap()
        .unwrap();
    let later = t0 + RESERVATION_TTL + 1;
    // An ordinary settlement removes its own reservation only: no scan of the table.
    sqlx::query("SELECT setval('quota_reservation_ids', $1)")
        .bind(SWEEP_EVERY)
        .execute(&mut conn)
        .await
        .unwrap();
    let plain = counters
        .admit(&check("live"), later, 10)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(plain % SWEEP_EVERY, 1);
    counters.settle(plain, Some(5), later).await.unwrap();
    assert_eq!(rows("live").fetch_one(&mut conn).await.unwrap(), 0);
    assert_eq!(rows("dead").fetch_one(&mut conn).await.unwrap(), 1);
    // The settlement of a reservation whose id is a multiple of SWEEP_EVERY sweeps.
    sqlx::query("SELECT setval('quota_reservation_ids', $1)")
        .bind(2 * SWEEP_EVERY - 1)
        .execute(&mut conn)
        .await
        .unwrap();
    let sweeper = counters
        .admit(&check("live"), later, 10)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(sweeper % SWEEP_EVERY, 0);
    counters.settle(sweeper, Some(5), later).await.unwrap();
    assert_eq!(rows("dead").fetch_one(&mut conn).await.unwrap(), 0);
    assert_eq!(rows("live").fetch_one(&mut conn).await.unwrap(), 0);
}

/// The counter row of `key` (scope `user`): minute start, requests, tokens; day tokens.
async fn counter_row(conn: &mut sqlx::PgConnection, key: &str) -> (i64, i64, i64, i64) {
    sqlx::query_as(
        "SELECT minute_start, minute_requests, minute_tokens, day_tokens \
         FROM quota_counters WHERE scope = 'user' AND key = $1",
    )
    .bind(key)
    .fetch_one(conn)
    .await
    .unwrap()
}

#[tokio::test]
async fn settlements_at_once_are_written_together_and_count_exactly() {
    use sqlx::Connection;
    let Some(db) = TestDatabase::for_test("quota_group").await else {
        return;
    };
    let s = PgStore::connect(&db.url).await.unwrap();
    let counters = s.shared_quotas().unwrap();
    let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
    let check = |key: &str| {
        vec![RuleCheck {
            counter: (Scope::User, key.into()),
            rule: per_user(None, Some(1_000_000)),
        }]
    };
    let now = 6_000;
    let mut ids = Vec::new();
    for i in 0..60 {
        let key = if i % 2 == 0 { "even" } else { "odd" };
        ids.push(counters.admit(&check(key), now, 50).await.unwrap().unwrap());
    }
    // Sixty settlements at once (written in groups), three of them releases (no tokens
    // used): every one is counted once, under its own counter.
    let tasks: Vec<_> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let (c, id) = (counters.clone(), *id);
            let used = (i % 20 != 0).then_some(i as u64 + 1);
            tokio::spawn(async move { c.settle(id, used, now + 1).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let used = |parity: usize| -> i64 {
        (0..60)
            .filter(|i| i % 2 == parity && i % 20 != 0)
            .map(|i| i as i64 + 1)
            .sum()
    };
    let even = counter_row(&mut conn, "even").await;
    let odd = counter_row(&mut conn, "odd").await;
    assert_eq!(even, (now, 30, used(0), used(0)));
    assert_eq!(odd, (now, 30, used(1), used(1)));
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM quota_reservations")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(left, 0, "every reservation is gone");
}

#[tokio::test]
async fn a_late_settlement_never_moves_a_counter_back_to_an_older_minute() {
    use sqlx::Connection;
    let Some(db) = TestDatabase::for_test("quota_late").await else {
        return;
    };
    let s = PgStore::connect(&db.url).await.unwrap();
    let counters = s.shared_quotas().unwrap();
    let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
    let check = vec![RuleCheck {
        counter: (Scope::User, "w".into()),
        rule: per_user(Some(1000), Some(1_000_000)),
    }];
    let m0 = 86_400 * 3;
    let early = counters.admit(&check, m0 + 5, 10).await.unwrap().unwrap();
    // Another instance (its clock a little ahead) admits in the next minute.
    let late = counters.admit(&check, m0 + 61, 10).await.unwrap().unwrap();
    // The first call ended in the first minute: its tokens count for the day only.
    counters.settle(early, Some(7), m0 + 59).await.unwrap();
    assert_eq!(counter_row(&mut conn, "w").await, (m0 + 60, 1, 0, 7));
    counters.settle(late, Some(3), m0 + 62).await.unwrap();
    assert_eq!(counter_row(&mut conn, "w").await, (m0 + 60, 1, 3, 10));
}
