//! Test support: a PostgreSQL database of its own for each test, so that tests run in
//! parallel on one server. The server is `FERRET_TEST_POSTGRES` (default
//! `postgres://root@127.0.0.1:5432/postgres`); a test that cannot reach it fails with a message
//! saying so, unless `FERRET_SKIP_POSTGRES_TESTS=1` (then [`TestDatabase::for_test`] returns
//! `None` and the test returns early).

use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::Connection;

/// Set to `1` to skip the tests that need PostgreSQL.
pub const SKIP_VAR: &str = "FERRET_SKIP_POSTGRES_TESTS";
/// The server (a URL of a database to connect to for `CREATE DATABASE`).
pub const SERVER_VAR: &str = "FERRET_TEST_POSTGRES";
const DEFAULT_SERVER: &str = "postgres://root@127.0.0.1:5432/postgres";

/// A database created for one test, dropped (with its connections) when this is dropped.
#[derive(Debug)]
pub struct TestDatabase {
    /// The URL of the new database.
    pub url: String,
    name: String,
    server: String,
}

/// Why no test database could be created.
#[derive(Debug, thiserror::Error)]
#[error(
    "PostgreSQL is needed by this test and is not reachable at {server}: {source}\n\
     (start it, point {SERVER_VAR} at one, or set {SKIP_VAR}=1 to skip these tests)"
)]
pub struct TestDbError {
    server: String,
    source: sqlx::Error,
}

/// Whether the PostgreSQL tests are skipped.
pub fn skipped() -> bool {
    std::env::var(SKIP_VAR).is_ok_and(|v| v == "1")
}

fn server() -> String {
    std::env::var(SERVER_VAR).unwrap_or_else(|_| DEFAULT_SERVER.to_string())
}

/// `url` with its database replaced by `db`.
fn with_database(url: &str, db: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let base = match base[after_scheme..].find('/') {
        Some(i) => &base[..after_scheme + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

impl TestDatabase {
    /// Creates a database named after `label`, this process and a counter.
    pub async fn create(label: &str) -> Result<TestDatabase, TestDbError> {
        static N: AtomicU64 = AtomicU64::new(0);
        let server = server();
        let fail = |source| TestDbError {
            server: server.clone(),
            source,
        };
        let mut rnd = [0u8; 4];
        getrandom::fill(&mut rnd).map_err(|e| fail(sqlx::Error::Protocol(e.to_string())))?;
        let label: String = label
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .take(24)
            .collect();
        let name = format!(
            "ferret_t_{label}_{}_{}_{:08x}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed),
            u32::from_le_bytes(rnd)
        );
        let mut c = sqlx::PgConnection::connect(&server).await.map_err(fail)?;
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&mut c)
            .await
            .map_err(fail)?;
        let _ = c.close().await;
        Ok(TestDatabase {
            url: with_database(&server, &name),
            name,
            server,
        })
    }

    /// For a test: `None` when [`SKIP_VAR`] is set, else a new database; panics with a
    /// message naming the server and the way out when PostgreSQL cannot be reached.
    pub async fn for_test(label: &str) -> Option<TestDatabase> {
        if skipped() {
            eprintln!("{SKIP_VAR}=1: skipping a PostgreSQL test ({label})");
            return None;
        }
        match TestDatabase::create(label).await {
            Ok(db) => Some(db),
            Err(e) => panic!("{e}"),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (server, name) = (self.server.clone(), self.name.clone());
        // A runtime of its own on a thread of its own: this may run inside (or after) the
        // test's runtime.
        let done = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            rt.block_on(async {
                let mut c = sqlx::PgConnection::connect(&server).await.ok()?;
                let sql = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                    .execute(&mut c)
                    .await
                    .ok()?;
                c.close().await.ok()
            })
        })
        .join();
        if !matches!(done, Ok(Some(()))) {
            eprintln!("could not drop the test database {}", self.name);
        }
    }
}

/// A store to run a test on, and what keeps it alive.
#[derive(Debug)]
pub struct TestStore {
    /// `sqlite` or `postgres`.
    pub name: &'static str,
    /// The store.
    pub store: std::sync::Arc<dyn super::Store>,
    /// The PostgreSQL database (dropped after the store).
    pub db: Option<TestDatabase>,
}

/// A new, migrated store of each engine: an in-memory SQLite one, and one over a new
/// PostgreSQL database (unless [`SKIP_VAR`] is set; panics if PostgreSQL is unreachable).
pub async fn each_store(label: &str) -> Vec<TestStore> {
    let sqlite = super::SqliteStore::in_memory()
        .await
        .expect("in-memory SQLite store");
    let mut out = vec![TestStore {
        name: "sqlite",
        store: std::sync::Arc::new(sqlite),
        db: None,
    }];
    if let Some(db) = TestDatabase::for_test(label).await {
        let pg = super::PgStore::connect(&db.url)
            .await
            .unwrap_or_else(|e| panic!("opening the PostgreSQL store: {e}"));
        out.push(TestStore {
            name: "postgres",
            store: std::sync::Arc::new(pg),
            db: Some(db),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn the_database_of_a_url_is_replaced() {
        assert_eq!(
            with_database("postgres://root@127.0.0.1:5432/postgres", "t1"),
            "postgres://root@127.0.0.1:5432/t1"
        );
        assert_eq!(
            with_database("postgres://root@h/postgres?sslmode=disable", "t1"),
            "postgres://root@h/t1?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h", "t1"), "postgres://h/t1");
    }
}
