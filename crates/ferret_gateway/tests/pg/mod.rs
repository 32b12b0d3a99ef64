//! A database of its own for each test, on the PostgreSQL server of the machine
//! (`FERRET_TEST_POSTGRES`, default `postgres://root@127.0.0.1:5432/postgres`). A test whose
//! server is unreachable fails, saying so, unless `FERRET_SKIP_POSTGRES_TESTS=1`.

use sqlx::Connection;
use sqlx::postgres::PgConnection;

/// A database created for one test and dropped (`WITH (FORCE)`) when this is dropped.
pub struct TestDb {
    /// Its URL.
    pub url: String,
    admin_url: String,
    name: String,
}

fn admin_url() -> String {
    std::env::var("FERRET_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://root@127.0.0.1:5432/postgres".to_string())
}

/// The URL of database `name` on the server of `admin`.
fn with_db(admin: &str, name: &str) -> String {
    let (base, query) = match admin.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (admin, String::new()),
    };
    let cut = base.rfind('/').unwrap_or(base.len());
    format!("{}/{name}{query}", &base[..cut])
}

impl TestDb {
    /// Creates a uniquely named database; `None` when PostgreSQL is unreachable and
    /// `FERRET_SKIP_POSTGRES_TESTS=1`.
    pub async fn create(tag: &str) -> Option<TestDb> {
        let admin_url = admin_url();
        let mut conn = match PgConnection::connect(&admin_url).await {
            Ok(c) => c,
            Err(e) if std::env::var("FERRET_SKIP_POSTGRES_TESTS").as_deref() == Ok("1") => {
                eprintln!("skipped: PostgreSQL unreachable at {admin_url}: {e}");
                return None;
            }
            Err(e) => panic!(
                "PostgreSQL is unreachable at {admin_url} ({e}); these tests need it (set \
                 FERRET_TEST_POSTGRES to its URL, or FERRET_SKIP_POSTGRES_TESTS=1 to skip)"
            ),
        };
        let mut r = [0u8; 6];
        getrandom::fill(&mut r).unwrap();
        let suffix: String = r.iter().map(|b| format!("{b:02x}")).collect();
        let name = format!("ferret_{tag}_{}_{suffix}", std::process::id());
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&mut conn)
            .await
            .unwrap();
        let _ = conn.close().await;
        Some(TestDb {
            url: with_db(&admin_url, &name),
            admin_url,
            name,
        })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let (admin, name) = (self.admin_url.clone(), self.name.clone());
        // A runtime of its own on a thread of its own: drop may run inside a test's runtime.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok(mut c) = PgConnection::connect(&admin).await {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                    )))
                    .execute(&mut c)
                    .await;
                }
            });
        })
        .join();
    }
}
