//! SQLite implementation of [`Store`](super::Store), with versioned migrations.

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{Row, Sqlite, Transaction};

use super::{
    ApiKey, BoxFuture, CountryTier, DeniedParty, NewUser, Org, OrgStatus, PrincipalRecord, Role,
    Screening, Store, StoreError, StoreTx, StoredQuota, UsageRecord, User, UserEvent, VettingEvent,
};
use crate::quota::{QuotaRule, Scope};

/// Versioned migrations, applied in order, each in its own transaction. Never edit a released
/// entry: add a new one.
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
];

/// The newest schema version this build knows.
pub const SCHEMA_VERSION: i64 = 4;

/// The SQLite store.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

/// The database file and the files SQLite keeps beside it.
const DB_FILE: &str = "gateway.db";
const DB_SIDE_FILES: &[&str] = &["gateway.db-wal", "gateway.db-shm", "gateway.db-journal"];

/// Creates `gateway.db` readable by its owner only (0600) before SQLite opens it, and tightens
/// an existing database (and its WAL and shared-memory files) to the same mode. SQLite creates
/// the `-wal` and `-shm` files with the database file's mode, so they follow.
fn restrict_db_files(data_dir: &Path) -> std::io::Result<()> {
    let db = data_dir.join(DB_FILE);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&db)
        {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
        for f in std::iter::once(DB_FILE).chain(DB_SIDE_FILES.iter().copied()) {
            let p = data_dir.join(f);
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
    /// Opens (creating if needed) `gateway.db` in `data_dir`, and applies pending migrations.
    /// The database is created with mode 0600 (it holds e-mails, organisations and decisions).
    pub async fn open(data_dir: &Path) -> Result<SqliteStore, StoreError> {
        let io = |e: std::io::Error| StoreError::Invalid {
            field: "data directory",
            reason: e.to_string(),
        };
        std::fs::create_dir_all(data_dir).map_err(io)?;
        restrict_db_files(data_dir).map_err(io)?;
        let opts = SqliteConnectOptions::new()
            .filename(data_dir.join(DB_FILE))
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

    /// The current schema version (0 for an empty database).
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
        )
        .execute(&self.pool)
        .await?;
        let v: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM schema_migrations")
            .fetch_one(&self.pool)
            .await?;
        Ok(v.unwrap_or(0))
    }

    /// Applies pending migrations; returns the versions applied.
    pub async fn migrate(&self) -> Result<Vec<i64>, StoreError> {
        let current = self.schema_version().await?;
        if current > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                found: current,
                supported: SCHEMA_VERSION,
            });
        }
        let mut applied = Vec::new();
        for (version, sql) in MIGRATIONS {
            if *version <= current {
                continue;
            }
            let mig = |source| StoreError::Migration {
                version: *version,
                source,
            };
            let mut tx = self.pool.begin().await.map_err(mig)?;
            sqlx::raw_sql(*sql).execute(&mut *tx).await.map_err(mig)?;
            sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)")
                .bind(version)
                .bind(crate::now())
                .execute(&mut *tx)
                .await
                .map_err(mig)?;
            tx.commit().await.map_err(mig)?;
            applied.push(*version);
        }
        Ok(applied)
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// Organisation columns, aliased; a macro so that queries stay `&'static str` literals.
macro_rules! org_cols {
    () => {
        "o.id AS o_id, o.name AS o_name, o.country AS o_country, o.status AS o_status, o.screening AS o_screening, o.basis AS o_basis, o.approved_by AS o_approved_by, o.approved_at AS o_approved_at, o.created_at AS o_created_at"
    };
}
/// User columns, aliased.
macro_rules! user_cols {
    () => {
        "u.id AS u_id, u.email AS u_email, u.name AS u_name, u.org_id AS u_org_id, u.nationality AS u_nationality, u.location AS u_location, u.role AS u_role, u.screening AS u_screening, u.attested_by AS u_attested_by, u.created_at AS u_created_at"
    };
}

fn corrupt(field: &'static str, value: &str) -> StoreError {
    StoreError::Invalid {
        field,
        reason: format!("unexpected stored value {value:?}"),
    }
}

fn org_from(row: &SqliteRow) -> Result<Org, StoreError> {
    let status: String = row.try_get("o_status")?;
    let screening: String = row.try_get("o_screening")?;
    Ok(Org {
        id: row.try_get("o_id")?,
        name: row.try_get("o_name")?,
        country: row.try_get("o_country")?,
        status: OrgStatus::parse(&status).ok_or_else(|| corrupt("org status", &status))?,
        screening: Screening::parse(&screening)
            .ok_or_else(|| corrupt("org screening", &screening))?,
        basis: row.try_get("o_basis")?,
        approved_by: row.try_get("o_approved_by")?,
        approved_at: row.try_get("o_approved_at")?,
        created_at: row.try_get("o_created_at")?,
    })
}

fn user_from(row: &SqliteRow) -> Result<User, StoreError> {
    let role: String = row.try_get("u_role")?;
    let screening: String = row.try_get("u_screening")?;
    Ok(User {
        id: row.try_get("u_id")?,
        email: row.try_get("u_email")?,
        name: row.try_get("u_name")?,
        org_id: row.try_get("u_org_id")?,
        nationality: row.try_get("u_nationality")?,
        location: row.try_get("u_location")?,
        role: Role::parse(&role).ok_or_else(|| corrupt("user role", &role))?,
        screening: Screening::parse(&screening)
            .ok_or_else(|| corrupt("user screening", &screening))?,
        attested_by: row.try_get("u_attested_by")?,
        created_at: row.try_get("u_created_at")?,
    })
}

fn key_from(row: &SqliteRow) -> Result<ApiKey, StoreError> {
    Ok(ApiKey {
        key_id: row.try_get("key_id")?,
        user_id: row.try_get("user_id")?,
        hash: row.try_get("hash")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}

fn quota_from(row: &SqliteRow) -> Result<StoredQuota, StoreError> {
    let scope: String = row.try_get("scope")?;
    let limit = |c: &str| -> Result<Option<u64>, StoreError> {
        let v: Option<i64> = row.try_get(c)?;
        Ok(v.map(|n| u64::try_from(n).unwrap_or(0)))
    };
    Ok(StoredQuota {
        id: row.try_get("id")?,
        rule: QuotaRule {
            scope: Scope::parse(&scope).ok_or_else(|| corrupt("quota scope", &scope))?,
            only: row.try_get("only")?,
            requests_per_minute: limit("requests_per_minute")?,
            requests_per_day: limit("requests_per_day")?,
            tokens_per_minute: limit("tokens_per_minute")?,
            tokens_per_day: limit("tokens_per_day")?,
        },
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
    })
}

fn event_from(row: &SqliteRow) -> Result<VettingEvent, StoreError> {
    Ok(VettingEvent {
        org_id: row.try_get("org_id")?,
        action: row.try_get("action")?,
        from_status: row.try_get("from_status")?,
        to_status: row.try_get("to_status")?,
        reason: row.try_get("reason")?,
        actor: row.try_get("actor")?,
        at: row.try_get("at")?,
    })
}

fn user_event_from(row: &SqliteRow) -> Result<UserEvent, StoreError> {
    Ok(UserEvent {
        user_id: row.try_get("user_id")?,
        action: row.try_get("action")?,
        from_status: row.try_get("from_status")?,
        to_status: row.try_get("to_status")?,
        reason: row.try_get("reason")?,
        actor: row.try_get("actor")?,
        at: row.try_get("at")?,
    })
}

/// The statements, each over one connection: inside a [`SqliteTx`] for the unit of work, or a
/// pooled connection for a plain read. One implementation of each query.
mod sql {
    use super::*;

    pub(super) async fn insert_event(c: &mut Conn, e: &VettingEvent) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO vetting_events (org_id, action, from_status, to_status, reason, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(e.org_id)
        .bind(&e.action)
        .bind(&e.from_status)
        .bind(&e.to_status)
        .bind(&e.reason)
        .bind(&e.actor)
        .bind(e.at)
        .execute(&mut *c)
        .await?;
        Ok(())
    }

    pub(super) async fn org_by_id(c: &mut Conn, id: i64) -> Result<Option<Org>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            org_cols!(),
            " FROM orgs o WHERE o.id = ?"
        ))
        .bind(id)
        .fetch_optional(&mut *c)
        .await?;
        row.as_ref().map(org_from).transpose()
    }

    async fn org_must(c: &mut Conn, id: i64) -> Result<Org, StoreError> {
        org_by_id(c, id).await?.ok_or_else(|| StoreError::NotFound {
            kind: "organisation",
            name: format!("#{id}"),
        })
    }

    pub(super) async fn org_by_name(c: &mut Conn, name: &str) -> Result<Option<Org>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            org_cols!(),
            " FROM orgs o WHERE o.name = ?"
        ))
        .bind(name)
        .fetch_optional(&mut *c)
        .await?;
        row.as_ref().map(org_from).transpose()
    }

    pub(super) async fn list_orgs(c: &mut Conn) -> Result<Vec<Org>, StoreError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            org_cols!(),
            " FROM orgs o ORDER BY o.name"
        ))
        .fetch_all(&mut *c)
        .await?;
        rows.iter().map(org_from).collect()
    }

    pub(super) async fn org_events(
        c: &mut Conn,
        org_id: i64,
    ) -> Result<Vec<VettingEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT org_id, action, from_status, to_status, reason, actor, at FROM vetting_events WHERE org_id = ? ORDER BY id",
        )
        .bind(org_id)
        .fetch_all(&mut *c)
        .await?;
        rows.iter().map(event_from).collect()
    }

    pub(super) async fn create_org(
        c: &mut Conn,
        name: &str,
        country: &str,
        actor: &str,
        now: i64,
    ) -> Result<Org, StoreError> {
        let res = sqlx::query(
            "INSERT INTO orgs (name, country, status, created_at) VALUES (?, ?, 'applied', ?)",
        )
        .bind(name)
        .bind(country)
        .bind(now)
        .execute(&mut *c)
        .await;
        let id = match res {
            Ok(r) => r.last_insert_rowid(),
            Err(e) if is_unique_violation(&e) => {
                return Err(StoreError::Conflict {
                    kind: "organisation",
                    name: name.to_string(),
                });
            }
            Err(e) => return Err(e.into()),
        };
        insert_event(
            c,
            &VettingEvent {
                org_id: id,
                action: "apply".into(),
                from_status: "".into(),
                to_status: "applied".into(),
                reason: "application created".into(),
                actor: actor.to_string(),
                at: now,
            },
        )
        .await?;
        org_must(c, id).await
    }

    pub(super) async fn set_org_status(
        c: &mut Conn,
        org_id: i64,
        status: OrgStatus,
        basis: Option<&str>,
        event: &VettingEvent,
    ) -> Result<Org, StoreError> {
        if status == OrgStatus::Approved {
            sqlx::query(
                "UPDATE orgs SET status = ?, basis = ?, approved_by = ?, approved_at = ? WHERE id = ?",
            )
            .bind(status.as_str())
            .bind(basis)
            .bind(&event.actor)
            .bind(event.at)
            .bind(org_id)
            .execute(&mut *c)
            .await?;
        } else {
            sqlx::query("UPDATE orgs SET status = ? WHERE id = ?")
                .bind(status.as_str())
                .bind(org_id)
                .execute(&mut *c)
                .await?;
        }
        insert_event(c, event).await?;
        org_must(c, org_id).await
    }

    pub(super) async fn set_org_screening(
        c: &mut Conn,
        org_id: i64,
        screening: Screening,
        event: &VettingEvent,
    ) -> Result<Org, StoreError> {
        sqlx::query("UPDATE orgs SET screening = ? WHERE id = ?")
            .bind(screening.as_str())
            .bind(org_id)
            .execute(&mut *c)
            .await?;
        insert_event(c, event).await?;
        org_must(c, org_id).await
    }

    pub(super) async fn user_by_email(
        c: &mut Conn,
        email: &str,
    ) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            user_cols!(),
            " FROM users u WHERE u.email = ?"
        ))
        .bind(email)
        .fetch_optional(&mut *c)
        .await?;
        row.as_ref().map(user_from).transpose()
    }

    async fn user_by_id(c: &mut Conn, id: i64) -> Result<User, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            user_cols!(),
            " FROM users u WHERE u.id = ?"
        ))
        .bind(id)
        .fetch_optional(&mut *c)
        .await?;
        row.as_ref()
            .map(user_from)
            .transpose()?
            .ok_or_else(|| StoreError::NotFound {
                kind: "user",
                name: format!("#{id}"),
            })
    }

    pub(super) async fn list_users(
        c: &mut Conn,
        org_id: Option<i64>,
    ) -> Result<Vec<User>, StoreError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            user_cols!(),
            " FROM users u WHERE (?1 IS NULL OR u.org_id = ?1) ORDER BY u.email"
        ))
        .bind(org_id)
        .fetch_all(&mut *c)
        .await?;
        rows.iter().map(user_from).collect()
    }

    pub(super) async fn create_user(
        c: &mut Conn,
        user: &NewUser,
        now: i64,
    ) -> Result<User, StoreError> {
        let res = sqlx::query(
            "INSERT INTO users (email, name, org_id, nationality, location, role, attested_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&user.email)
        .bind(&user.name)
        .bind(user.org_id)
        .bind(&user.nationality)
        .bind(&user.location)
        .bind(user.role.as_str())
        .bind(&user.attested_by)
        .bind(now)
        .execute(&mut *c)
        .await;
        match res {
            Ok(r) => user_by_id(c, r.last_insert_rowid()).await,
            Err(e) if is_unique_violation(&e) => Err(StoreError::Conflict {
                kind: "user",
                name: user.email.clone(),
            }),
            Err(e) => Err(e.into()),
        }
    }

    pub(super) async fn user_events(
        c: &mut Conn,
        user_id: i64,
    ) -> Result<Vec<UserEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT user_id, action, from_status, to_status, reason, actor, at FROM user_events WHERE user_id = ? ORDER BY id",
        )
        .bind(user_id)
        .fetch_all(&mut *c)
        .await?;
        rows.iter().map(user_event_from).collect()
    }

    pub(super) async fn set_user_screening(
        c: &mut Conn,
        user_id: i64,
        screening: Screening,
        e: &UserEvent,
    ) -> Result<User, StoreError> {
        sqlx::query("UPDATE users SET screening = ? WHERE id = ?")
            .bind(screening.as_str())
            .bind(user_id)
            .execute(&mut *c)
            .await?;
        sqlx::query(
            "INSERT INTO user_events (user_id, action, from_status, to_status, reason, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(user_id)
        .bind(&e.action)
        .bind(&e.from_status)
        .bind(&e.to_status)
        .bind(&e.reason)
        .bind(&e.actor)
        .bind(e.at)
        .execute(&mut *c)
        .await?;
        user_by_id(c, user_id).await
    }

    pub(super) async fn insert_key(c: &mut Conn, key: &ApiKey) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO api_keys (key_id, user_id, hash, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(&key.key_id)
        .bind(key.user_id)
        .bind(&key.hash)
        .bind(key.created_at)
        .bind(key.expires_at)
        .bind(key.revoked_at)
        .execute(&mut *c)
        .await?;
        Ok(())
    }

    pub(super) async fn revoke_key(c: &mut Conn, key_id: &str, now: i64) -> Result<(), StoreError> {
        let r = sqlx::query(
            "UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(key_id)
        .execute(&mut *c)
        .await?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                kind: "active key",
                name: key_id.to_string(),
            });
        }
        Ok(())
    }

    pub(super) async fn replace_denied_parties(
        c: &mut Conn,
        parties: &[DeniedParty],
        hash: &str,
        now: i64,
    ) -> Result<i64, StoreError> {
        let prev: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM screening_lists")
            .fetch_one(&mut *c)
            .await?;
        let version = prev.unwrap_or(0) + 1;
        sqlx::query(
            "INSERT INTO screening_lists (version, hash, imported_at, entries) VALUES (?, ?, ?, ?)",
        )
        .bind(version)
        .bind(hash)
        .bind(now)
        .bind(parties.len() as i64)
        .execute(&mut *c)
        .await?;
        sqlx::query("DELETE FROM denied_parties")
            .execute(&mut *c)
            .await?;
        for p in parties {
            sqlx::query(
                "INSERT INTO denied_parties (version, source, name, alt_names, country, addresses) VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(version)
            .bind(&p.source)
            .bind(&p.name)
            .bind(p.alt_names.join("; "))
            .bind(&p.country)
            .bind(&p.addresses)
            .execute(&mut *c)
            .await?;
        }
        Ok(version)
    }

    pub(super) async fn country_tiers(c: &mut Conn) -> Result<Vec<CountryTier>, StoreError> {
        let rows = sqlx::query(
            "SELECT country, class, effective_from, version, source FROM country_tiers ORDER BY country, effective_from, version",
        )
        .fetch_all(&mut *c)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CountryTier {
                    country: r.try_get("country")?,
                    class: r.try_get("class")?,
                    effective_from: r.try_get("effective_from")?,
                    version: r.try_get("version")?,
                    source: r.try_get("source")?,
                })
            })
            .collect()
    }

    pub(super) async fn add_country_tier(c: &mut Conn, t: &CountryTier) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO country_tiers (country, class, effective_from, version, source) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(&t.country)
        .bind(&t.class)
        .bind(t.effective_from)
        .bind(t.version)
        .bind(&t.source)
        .execute(&mut *c)
        .await?;
        Ok(())
    }

    pub(super) async fn add_quota_rule(
        c: &mut Conn,
        rule: &QuotaRule,
        actor: &str,
        now: i64,
    ) -> Result<StoredQuota, StoreError> {
        let limit = |v: Option<u64>| v.map(|n| i64::try_from(n).unwrap_or(i64::MAX));
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO quota_rules (scope, only, requests_per_minute, requests_per_day, \
             tokens_per_minute, tokens_per_day, created_by, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(rule.scope.as_str())
        .bind(&rule.only)
        .bind(limit(rule.requests_per_minute))
        .bind(limit(rule.requests_per_day))
        .bind(limit(rule.tokens_per_minute))
        .bind(limit(rule.tokens_per_day))
        .bind(actor)
        .bind(now)
        .fetch_one(&mut *c)
        .await?;
        Ok(StoredQuota {
            id,
            rule: rule.clone(),
            created_by: actor.to_string(),
            created_at: now,
        })
    }

    pub(super) async fn delete_quota_rule(c: &mut Conn, id: i64) -> Result<(), StoreError> {
        let done = sqlx::query("DELETE FROM quota_rules WHERE id = ?")
            .bind(id)
            .execute(&mut *c)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                kind: "quota rule",
                name: id.to_string(),
            });
        }
        Ok(())
    }
}

type Conn = sqlx::SqliteConnection;

/// A unit of work: an immediate write transaction (`BEGIN IMMEDIATE`, so that a read followed
/// by a write in it cannot fail on a lock upgrade). Dropped uncommitted, it rolls back.
#[derive(Debug)]
pub struct SqliteTx {
    tx: Transaction<'static, Sqlite>,
}

impl StoreTx for SqliteTx {
    fn commit(self: Box<Self>) -> BoxFuture<'static, Result<(), StoreError>> {
        Box::pin(async move { Ok(self.tx.commit().await?) })
    }

    fn create_org<'a>(
        &'a mut self,
        name: &'a str,
        country: &'a str,
        actor: &'a str,
        now: i64,
    ) -> BoxFuture<'a, Result<Org, StoreError>> {
        Box::pin(sql::create_org(&mut self.tx, name, country, actor, now))
    }

    fn org_by_name<'a>(
        &'a mut self,
        name: &'a str,
    ) -> BoxFuture<'a, Result<Option<Org>, StoreError>> {
        Box::pin(sql::org_by_name(&mut self.tx, name))
    }

    fn list_orgs(&mut self) -> BoxFuture<'_, Result<Vec<Org>, StoreError>> {
        Box::pin(sql::list_orgs(&mut self.tx))
    }

    fn org_events(&mut self, org_id: i64) -> BoxFuture<'_, Result<Vec<VettingEvent>, StoreError>> {
        Box::pin(sql::org_events(&mut self.tx, org_id))
    }

    fn set_org_status<'a>(
        &'a mut self,
        org_id: i64,
        status: OrgStatus,
        basis: Option<&'a str>,
        event: &'a VettingEvent,
    ) -> BoxFuture<'a, Result<Org, StoreError>> {
        Box::pin(sql::set_org_status(
            &mut self.tx,
            org_id,
            status,
            basis,
            event,
        ))
    }

    fn set_org_screening<'a>(
        &'a mut self,
        org_id: i64,
        screening: Screening,
        event: &'a VettingEvent,
    ) -> BoxFuture<'a, Result<Org, StoreError>> {
        Box::pin(sql::set_org_screening(
            &mut self.tx,
            org_id,
            screening,
            event,
        ))
    }

    fn create_user<'a>(
        &'a mut self,
        user: &'a NewUser,
        now: i64,
    ) -> BoxFuture<'a, Result<User, StoreError>> {
        Box::pin(sql::create_user(&mut self.tx, user, now))
    }

    fn user_by_email<'a>(
        &'a mut self,
        email: &'a str,
    ) -> BoxFuture<'a, Result<Option<User>, StoreError>> {
        Box::pin(sql::user_by_email(&mut self.tx, email))
    }

    fn list_users(&mut self, org_id: Option<i64>) -> BoxFuture<'_, Result<Vec<User>, StoreError>> {
        Box::pin(sql::list_users(&mut self.tx, org_id))
    }

    fn user_events(&mut self, user_id: i64) -> BoxFuture<'_, Result<Vec<UserEvent>, StoreError>> {
        Box::pin(sql::user_events(&mut self.tx, user_id))
    }

    fn set_user_screening<'a>(
        &'a mut self,
        user_id: i64,
        screening: Screening,
        event: &'a UserEvent,
    ) -> BoxFuture<'a, Result<User, StoreError>> {
        Box::pin(sql::set_user_screening(
            &mut self.tx,
            user_id,
            screening,
            event,
        ))
    }

    fn insert_key<'a>(&'a mut self, key: &'a ApiKey) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(sql::insert_key(&mut self.tx, key))
    }

    fn revoke_key<'a>(
        &'a mut self,
        key_id: &'a str,
        now: i64,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(sql::revoke_key(&mut self.tx, key_id, now))
    }

    fn replace_denied_parties<'a>(
        &'a mut self,
        parties: &'a [DeniedParty],
        hash: &'a str,
        now: i64,
    ) -> BoxFuture<'a, Result<i64, StoreError>> {
        Box::pin(sql::replace_denied_parties(
            &mut self.tx,
            parties,
            hash,
            now,
        ))
    }

    fn country_tiers(&mut self) -> BoxFuture<'_, Result<Vec<CountryTier>, StoreError>> {
        Box::pin(sql::country_tiers(&mut self.tx))
    }

    fn add_country_tier<'a>(
        &'a mut self,
        tier: &'a CountryTier,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(sql::add_country_tier(&mut self.tx, tier))
    }

    fn add_quota_rule<'a>(
        &'a mut self,
        rule: &'a QuotaRule,
        actor: &'a str,
        now: i64,
    ) -> BoxFuture<'a, Result<StoredQuota, StoreError>> {
        Box::pin(sql::add_quota_rule(&mut self.tx, rule, actor, now))
    }

    fn delete_quota_rule(&mut self, id: i64) -> BoxFuture<'_, Result<(), StoreError>> {
        Box::pin(sql::delete_quota_rule(&mut self.tx, id))
    }
}

impl Store for SqliteStore {
    fn begin(&self) -> BoxFuture<'_, Result<Box<dyn StoreTx>, StoreError>> {
        Box::pin(async move {
            let tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
            Ok(Box::new(SqliteTx { tx }) as Box<dyn StoreTx>)
        })
    }

    fn org_by_name<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<Option<Org>, StoreError>> {
        Box::pin(async move { sql::org_by_name(&mut *self.pool.acquire().await?, name).await })
    }

    fn org_by_id(&self, id: i64) -> BoxFuture<'_, Result<Option<Org>, StoreError>> {
        Box::pin(async move { sql::org_by_id(&mut *self.pool.acquire().await?, id).await })
    }

    fn list_orgs(&self) -> BoxFuture<'_, Result<Vec<Org>, StoreError>> {
        Box::pin(async move { sql::list_orgs(&mut *self.pool.acquire().await?).await })
    }

    fn org_events(&self, org_id: i64) -> BoxFuture<'_, Result<Vec<VettingEvent>, StoreError>> {
        Box::pin(async move { sql::org_events(&mut *self.pool.acquire().await?, org_id).await })
    }

    fn user_by_email<'a>(
        &'a self,
        email: &'a str,
    ) -> BoxFuture<'a, Result<Option<User>, StoreError>> {
        Box::pin(async move { sql::user_by_email(&mut *self.pool.acquire().await?, email).await })
    }

    fn list_users(&self, org_id: Option<i64>) -> BoxFuture<'_, Result<Vec<User>, StoreError>> {
        Box::pin(async move { sql::list_users(&mut *self.pool.acquire().await?, org_id).await })
    }

    fn user_events(&self, user_id: i64) -> BoxFuture<'_, Result<Vec<UserEvent>, StoreError>> {
        Box::pin(async move { sql::user_events(&mut *self.pool.acquire().await?, user_id).await })
    }

    fn org_keys(&self, org_id: i64) -> BoxFuture<'_, Result<Vec<(String, ApiKey)>, StoreError>> {
        Box::pin(async move {
            let rows = sqlx::query(
                "SELECT u.email, k.key_id, k.user_id, k.hash, k.created_at, k.expires_at, k.revoked_at \
                 FROM api_keys k JOIN users u ON u.id = k.user_id WHERE u.org_id = ? \
                 ORDER BY k.created_at DESC, k.key_id",
            )
            .bind(org_id)
            .fetch_all(&self.pool)
            .await?;
            rows.iter()
                .map(|row| Ok((row.try_get("email")?, key_from(row)?)))
                .collect()
        })
    }

    fn principal_by_key<'a>(
        &'a self,
        key_id: &'a str,
    ) -> BoxFuture<'a, Result<Option<(ApiKey, PrincipalRecord)>, StoreError>> {
        Box::pin(async move {
            let row = sqlx::query(concat!("SELECT k.key_id, k.user_id, k.hash, k.created_at, k.expires_at, k.revoked_at, ", user_cols!(), ", ", org_cols!(), " \
                 FROM api_keys k JOIN users u ON u.id = k.user_id JOIN orgs o ON o.id = u.org_id WHERE k.key_id = ?"))
            .bind(key_id)
            .fetch_optional(&self.pool)
            .await?;
            let Some(row) = row else { return Ok(None) };
            let key = key_from(&row)?;
            Ok(Some((
                key,
                PrincipalRecord {
                    user: user_from(&row)?,
                    org: org_from(&row)?,
                },
            )))
        })
    }

    fn principal_by_email<'a>(
        &'a self,
        email: &'a str,
    ) -> BoxFuture<'a, Result<Option<PrincipalRecord>, StoreError>> {
        Box::pin(async move {
            let row = sqlx::query(concat!(
                "SELECT ",
                user_cols!(),
                ", ",
                org_cols!(),
                " FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.email = ?"
            ))
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
            let Some(row) = row else { return Ok(None) };
            Ok(Some(PrincipalRecord {
                user: user_from(&row)?,
                org: org_from(&row)?,
            }))
        })
    }

    fn upsert_model<'a>(
        &'a self,
        id: &'a str,
        tier: &'a str,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            sqlx::query("INSERT INTO models (id, tier) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET tier = excluded.tier")
                .bind(id)
                .bind(tier)
                .execute(&self.pool)
                .await?;
            Ok(())
        })
    }

    fn model_ids(&self) -> BoxFuture<'_, Result<Vec<String>, StoreError>> {
        Box::pin(async move {
            Ok(sqlx::query_scalar("SELECT id FROM models ORDER BY id")
                .fetch_all(&self.pool)
                .await?)
        })
    }

    fn record_usage<'a>(&'a self, u: &'a UsageRecord) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            sqlx::query(
                "INSERT INTO usage (user_id, org_id, model, prompt_tokens, completion_tokens, at) VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(u.user_id)
            .bind(u.org_id)
            .bind(&u.model)
            .bind(u.prompt_tokens as i64)
            .bind(u.completion_tokens as i64)
            .bind(u.at)
            .execute(&self.pool)
            .await?;
            Ok(())
        })
    }

    fn denied_parties(&self) -> BoxFuture<'_, Result<Vec<DeniedParty>, StoreError>> {
        Box::pin(async move {
            let rows = sqlx::query(
                "SELECT source, name, alt_names, country, addresses FROM denied_parties ORDER BY id",
            )
            .fetch_all(&self.pool)
            .await?;
            rows.iter()
                .map(|r| {
                    let alt: String = r.try_get("alt_names")?;
                    Ok(DeniedParty {
                        source: r.try_get("source")?,
                        name: r.try_get("name")?,
                        alt_names: alt
                            .split(';')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(str::to_string)
                            .collect(),
                        country: r.try_get("country")?,
                        addresses: r.try_get("addresses")?,
                    })
                })
                .collect()
        })
    }

    fn country_tiers(&self) -> BoxFuture<'_, Result<Vec<CountryTier>, StoreError>> {
        Box::pin(async move { sql::country_tiers(&mut *self.pool.acquire().await?).await })
    }

    fn quota_rules(&self) -> BoxFuture<'_, Result<Vec<StoredQuota>, StoreError>> {
        Box::pin(async move {
            let rows = sqlx::query(
                "SELECT id, scope, only, requests_per_minute, requests_per_day, tokens_per_minute, \
                 tokens_per_day, created_by, created_at FROM quota_rules ORDER BY id",
            )
            .fetch_all(&self.pool)
            .await?;
            rows.iter().map(quota_from).collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
