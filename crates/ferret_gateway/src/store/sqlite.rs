//! SQLite implementation of [`Store`](super::Store), with versioned migrations.

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{Sqlite, Transaction};

use super::StoreError;
use crate::config::DatabaseKind;
use crate::quota::SharedCounters;

store_queries!(
    SqliteStore,
    SqliteTx,
    Sqlite,
    SqliteRow,
    sqlx::SqliteConnection
);

/// Versioned migrations, applied in order (the pending ones in one transaction). Never edit a
/// released entry: add a new one, here and in `postgres.rs` under the same version.
const MIGRATIONS: &[(i64, &str)] = &[
    (
        1,
        r#"
CREATE TABLE orgs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    country TEXT NOT NULL,
    status TEXT NOT NULL,
    screening TEXT NOT NULL DEFAULT 'clear',
    basis TEXT,
    approved_by TEXT,
    approved_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    nationality TEXT NOT NULL,
    location TEXT NOT NULL,
    role TEXT NOT NULL,
    screening TEXT NOT NULL DEFAULT 'clear',
    created_at INTEGER NOT NULL
);
CREATE TABLE models (
    id TEXT PRIMARY KEY,
    tier TEXT NOT NULL
);
CREATE TABLE api_keys (
    key_id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    hash BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE TABLE vetting_events (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    action TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    reason TEXT NOT NULL,
    actor TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE TABLE usage (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    org_id INTEGER NOT NULL,
    model TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX usage_at ON usage(at);
CREATE TABLE screening_lists (
    version INTEGER PRIMARY KEY,
    hash TEXT NOT NULL,
    imported_at INTEGER NOT NULL,
    entries INTEGER NOT NULL
);
CREATE TABLE denied_parties (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL REFERENCES screening_lists(version),
    source TEXT NOT NULL,
    name TEXT NOT NULL,
    alt_names TEXT NOT NULL,
    country TEXT,
    addresses TEXT NOT NULL
);
CREATE TABLE country_tiers (
    country TEXT NOT NULL,
    class TEXT NOT NULL,
    effective_from INTEGER NOT NULL,
    version INTEGER NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (country, effective_from, version)
);
INSERT INTO country_tiers (country, class, effective_from, version, source) VALUES
    ('US', 'domestic', 0, 1, 'operator default'),
    ('CU', 'embargoed', 0, 1, '15 CFR 746.2; Country Group E:2'),
    ('IR', 'embargoed', 0, 1, '15 CFR 746.7; Country Group E:1'),
    ('KP', 'embargoed', 0, 1, '15 CFR 746.4; Country Group E:1'),
    ('SY', 'embargoed', 0, 1, '15 CFR 746.9; Country Group E:1'),
    ('RU', 'embargoed', 0, 1, '15 CFR 746.8'),
    ('BY', 'embargoed', 0, 1, '15 CFR 746.8');
"#,
    ),
    (
        2,
        r#"
-- Who attested the user's nationality and location of record (the org-admin or operator who
-- registered them); NULL for users registered before this migration.
ALTER TABLE users ADD COLUMN attested_by TEXT;
"#,
    ),
    (
        3,
        r#"
-- Quota rules set by an operator at run time (the console), applied beside gateway.toml's.
CREATE TABLE quota_rules (
    id INTEGER PRIMARY KEY,
    scope TEXT NOT NULL,
    only TEXT,
    requests_per_minute INTEGER,
    requests_per_day INTEGER,
    tokens_per_minute INTEGER,
    tokens_per_day INTEGER,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
"#,
    ),
    (
        4,
        r#"
-- The screening history of each person (hits and the regulator's dispositions), as
-- vetting_events is for organisations: a hit the regulator cleared is not quarantined again by
-- the next import of the same list entry.
CREATE TABLE user_events (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    action TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    reason TEXT NOT NULL,
    actor TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX user_events_user ON user_events(user_id);
"#,
    ),
    (
        5,
        r#"
-- Console sessions, kept across restarts; keyed by the BLAKE3 hash of the session token.
CREATE TABLE console_sessions (
    token_hash BLOB PRIMARY KEY,
    email TEXT NOT NULL,
    key_id TEXT,
    csrf TEXT NOT NULL,
    created INTEGER NOT NULL,
    expires INTEGER,
    last_seen INTEGER NOT NULL,
    flash TEXT
);
"#,
    ),
    (
        6,
        r#"
-- PostgreSQL's quota functions (shared counters); SQLite's counters are in memory.
SELECT 1;
"#,
    ),
    (
        7,
        r#"
-- PostgreSQL's settlement without a scan of every reservation; nothing to do here.
SELECT 1;
"#,
    ),
    (
        8,
        r#"
-- PostgreSQL's settlements in groups; nothing to do here.
SELECT 1;
"#,
    ),
];

/// The SQLite store.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

/// The database file in a data directory, and the files SQLite keeps beside a database.
const DB_FILE: &str = "gateway.db";
const DB_SIDE_SUFFIXES: &[&str] = &["-wal", "-shm", "-journal"];

/// Creates the database file readable by its owner only (0600) before SQLite opens it, and
/// tightens an existing database (and its WAL and shared-memory files) to the same mode. SQLite
/// creates the `-wal` and `-shm` files with the database file's mode, so they follow.
fn restrict_db_files(db: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(db)
        {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
        for suffix in std::iter::once("").chain(DB_SIDE_SUFFIXES.iter().copied()) {
            let mut p = db.as_os_str().to_owned();
            p.push(suffix);
            match std::fs::metadata(&p) {
                Ok(m) if m.permissions().mode() & 0o077 != 0 => {
                    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600))?;
                }
                _ => {}
            }
        }
    }
    #[cfg(not(unix))]
    let _ = db;
    Ok(())
}

impl SqliteStore {
    pub(super) const KIND: DatabaseKind = DatabaseKind::Sqlite;
    /// Records one call's token usage (see `PgStore::USAGE_INSERT`).
    pub(super) const USAGE_INSERT: &str = "INSERT INTO usage (user_id, org_id, model, \
        prompt_tokens, completion_tokens, at) VALUES ($1, $2, $3, $4, $5, $6)";

    /// Opens (creating if needed) `gateway.db` in `data_dir`, and applies pending migrations.
    /// The database is created with mode 0600 (it holds e-mails, organisations and decisions).
    pub async fn open(data_dir: &Path) -> Result<SqliteStore, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|e| StoreError::Invalid {
            field: "data directory",
            reason: e.to_string(),
        })?;
        SqliteStore::open_file(&data_dir.join(DB_FILE)).await
    }

    /// Opens (creating if needed) the database file `db` (mode 0600), and applies pending
    /// migrations.
    pub async fn open_file(db: &Path) -> Result<SqliteStore, StoreError> {
        restrict_db_files(db).map_err(|e| StoreError::Invalid {
            field: "database file",
            reason: format!("{}: {e}", db.display()),
        })?;
        let opts = SqliteConnectOptions::new()
            .filename(db)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // WAL + NORMAL: no corruption on a crash, at most the last commits lost on power
            // failure; the audit sink, not this store, is the record that must be durable.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(opts)
            .await?;
        let store = SqliteStore { pool };
        store.migrate().await?;
        Ok(store)
    }

    /// An in-memory store (one connection), for tests.
    pub async fn in_memory() -> Result<SqliteStore, StoreError> {
        let opts = SqliteConnectOptions::from_str("sqlite::memory:")?.foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(opts)
            .await?;
        let store = SqliteStore { pool };
        store.migrate().await?;
        Ok(store)
    }

    /// A unit of work: `BEGIN IMMEDIATE`, so that a read followed by a write in it cannot fail
    /// on a lock upgrade (one writer at a time).
    async fn begin_unit(&self) -> Result<Transaction<'static, Sqlite>, StoreError> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// SQLite keeps no shared counters: one process counts quotas in memory.
    fn counters(&self) -> Option<Arc<dyn SharedCounters>> {
        None
    }

    fn tx_postgres<'a>(
        _: &'a mut Transaction<'static, Sqlite>,
    ) -> Option<&'a mut sqlx::PgConnection> {
        None
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{SCHEMA_VERSION, Store};

    #[cfg(unix)]
    #[tokio::test]
    async fn the_database_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |f: &str| {
            std::fs::metadata(dir.path().join(f))
                .unwrap()
                .permissions()
                .mode()
                & 0o777
        };
        let s = SqliteStore::open(dir.path()).await.unwrap();
        let mut tx = s.begin().await.unwrap();
        tx.create_org("Acme", "US", "t", 0).await.unwrap();
        tx.commit().await.unwrap();
        for f in ["gateway.db", "gateway.db-wal", "gateway.db-shm"] {
            assert_eq!(mode(f), 0o600, "{f}");
        }
        s.close().await;
        // A database created readable by others (an older build) is tightened on open.
        for f in ["gateway.db", "gateway.db-wal", "gateway.db-shm"] {
            let p = dir.path().join(f);
            if p.exists() {
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
            }
        }
        let s = SqliteStore::open(dir.path()).await.unwrap();
        assert_eq!(mode("gateway.db"), 0o600);
        assert!(s.org_by_name("Acme").await.unwrap().is_some());
    }

    #[tokio::test]
    async fn a_unit_of_work_is_seen_only_once_committed() {
        let dir = tempfile::tempdir().unwrap();
        let s = SqliteStore::open(dir.path()).await.unwrap();
        let mut tx = s.begin().await.unwrap();
        let org = tx.create_org("Acme", "US", "t", 0).await.unwrap();
        assert!(
            tx.org_by_name("Acme").await.unwrap().is_some(),
            "seen inside"
        );
        assert!(
            s.org_by_name("Acme").await.unwrap().is_none(),
            "not outside"
        );
        drop(tx);
        assert!(
            s.org_by_name("Acme").await.unwrap().is_none(),
            "rolled back"
        );
        let mut tx = s.begin().await.unwrap();
        tx.create_org("Acme", "US", "t", 0).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(s.org_by_name("Acme").await.unwrap().unwrap().name, org.name);
    }

    #[tokio::test]
    async fn migrations_apply_once_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let s = SqliteStore::open(dir.path()).await.unwrap();
        assert_eq!(s.schema_version().await.unwrap(), SCHEMA_VERSION);
        assert!(
            s.migrate().await.unwrap().is_empty(),
            "nothing left to apply"
        );
        s.close().await;
        // Re-opening is idempotent and keeps data.
        let s = SqliteStore::open(dir.path()).await.unwrap();
        assert_eq!(s.country_tiers().await.unwrap().len(), 7);
        // A database from a newer build is refused.
        sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES (99, 0)")
            .execute(&s.pool)
            .await
            .unwrap();
        assert!(matches!(
            s.migrate().await,
            Err(StoreError::TooNew { found: 99, .. })
        ));
    }
}
