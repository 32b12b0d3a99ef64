//! `ferret_gateway` is the policy gateway that sits in front of restricted model endpoints. It
//! authenticates every caller to a natural person of record (API keys stored as a key id plus a
//! keyed BLAKE3 hash, or OIDC tokens per configured issuer), builds a small Cedar entity slice
//! (user, organisation, model) from the store, and decides by vetting status, nationality,
//! location, model tier and denied-party screening with a schema-validated policy. Every decision
//! is appended to an [`AuditSink`](audit::AuditSink) before the response is released; allowed
//! requests pass quotas and are proxied (OpenAI and Anthropic shapes, SSE streamed through
//! unbuffered). The regulator's vetting workflow, the authorised-organisation export, and the
//! Consolidated Screening List import live in [`ops`]; storage is the [`store::Store`] trait with
//! SQLite and PostgreSQL implementations and versioned migrations; over PostgreSQL several
//! instances share the registry, the quota counters and the console sessions.

// Handlers return `Result<_, Response>`: the error is the response itself, and boxing it
// would only add an allocation on the error path.
#![allow(clippy::result_large_err)]

pub mod audit;
pub mod audit_pg;
pub mod audit_read;
pub mod config;
mod console;
pub mod countries;
pub mod facts;
pub mod identity;
pub mod limits;
mod listen;
pub mod metrics;
pub mod ops;
pub mod policy;
mod proxy;
pub mod quota;
mod refusal;
pub mod scope;
pub mod screening;
mod server;
pub mod store;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use proxy::Usage;
pub use server::{Gateway, install_crypto_provider, load_policy};

/// Errors starting the gateway.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// Configuration.
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    /// Storage.
    #[error(transparent)]
    Store(#[from] store::StoreError),
    /// Policy.
    #[error(transparent)]
    Policy(#[from] policy::PolicyError),
    /// Identity configuration (JWKS, server secret).
    #[error(transparent)]
    Identity(#[from] identity::IdentityConfigError),
    /// A file.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// The audit log.
    #[error("audit log: {0}")]
    Audit(#[from] ferret_audit::LogError),
    /// The PostgreSQL audit log.
    #[error(transparent)]
    AuditDb(#[from] audit_pg::PgAuditError),
    /// The HTTP client could not be built.
    #[error("http client: {0}")]
    Http(String),
}

/// Current time, unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Formats unix seconds as RFC 3339 UTC (`2026-11-29T12:00:00Z`).
pub fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (H. Hinnant).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Parses a `YYYY-MM-DD` date (UTC midnight) into unix seconds.
pub fn parse_date(s: &str) -> Option<i64> {
    let mut it = s.trim().splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days-from-civil (H. Hinnant).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400;
    (rfc3339(secs)[..10] == *s.trim()).then_some(secs)
}

/// A blocking task of the audit log's that did not finish (panicked or was cancelled).
fn task_failed(what: &str, e: tokio::task::JoinError) -> GatewayError {
    GatewayError::Audit(ferret_audit::LogError::Io {
        context: what.into(),
        message: e.to_string(),
    })
}

/// The files of a data directory.
#[derive(Debug, Clone)]
pub struct DataDir {
    /// The directory.
    pub root: PathBuf,
}

impl DataDir {
    /// A data directory at `root`.
    pub fn new(root: &Path) -> DataDir {
        DataDir {
            root: root.to_path_buf(),
        }
    }

    /// Opens the store the configuration names (by default SQLite, `gateway.db` in this
    /// directory), creating and migrating it.
    pub async fn open_store(
        &self,
        config: &config::GatewayConfig,
    ) -> Result<Arc<dyn store::Store>, GatewayError> {
        Ok(store::open(&config.database()?, &self.root).await?)
    }

    /// The audit log's directory (`<data dir>/audit`).
    pub fn audit_dir(&self) -> PathBuf {
        self.root.join("audit")
    }

    /// Opens the tamper-evident audit log (`audit/`), recovering it after a crash. On first
    /// open it generates the checkpoint signing key (`audit/signing.key`, mode 0600, with
    /// `audit/public.key` beside it) and logs that as a key event.
    pub async fn open_audit(&self) -> Result<audit::MerkleAuditSink, GatewayError> {
        let dir = self.audit_dir();
        let log = tokio::task::spawn_blocking(move || {
            ferret_audit::Log::open(&dir, ferret_audit::LogOptions::default())
        })
        .await
        .map_err(|e| task_failed("opening the audit log", e))??;
        let r = log.recovery().clone();
        if let Some(tail) = &r.torn {
            let copy = r.torn_copy.as_ref().map(|p| p.display().to_string());
            let copy = copy.unwrap_or_default();
            match tail {
                ferret_audit::TailKind::Torn { .. } => tracing::warn!(
                    bytes = r.torn_bytes, copy = %copy,
                    "audit log: cut a torn tail left by an interrupted write (never acknowledged)"
                ),
                ferret_audit::TailKind::Unexplained { .. } => tracing::error!(
                    bytes = r.torn_bytes, copy = %copy,
                    "audit log: cut {tail}; no signed checkpoint was lost (the high-water mark \
                     holds), but an unsigned batch may have been"
                ),
            }
        }
        let sink = audit::MerkleAuditSink::new(Arc::new(log));
        let mut events = Vec::new();
        if r.key_created {
            events.push((
                "audit-key.create",
                sink.log().verifier().to_text(),
                "checkpoint signing key generated".to_string(),
            ));
        }
        if let Some(size) = r.mark_created.filter(|&s| s > 0) {
            // A log without its mark: the first open after an upgrade, or an operator (or
            // someone else) removed the mark to accept a shorter log. Recorded in the log.
            tracing::warn!(
                size,
                "audit log: no high-water mark; created one at the latest signed tree size"
            );
            events.push((
                "audit-mark.create",
                format!("tree size {size}"),
                "high-water mark file was missing beside an existing log and was created"
                    .to_string(),
            ));
        }
        for (action, target, reason) in events {
            use audit::AuditSink;
            let ev = audit::AuditEvent::Admin(audit::AdminRecord {
                at: now(),
                actor: "gateway".into(),
                action: action.into(),
                target,
                reason,
            });
            sink.append(&ev)
                .await
                .map_err(|e| GatewayError::Audit(ferret_audit::LogError::Entry(e.to_string())))?;
        }
        Ok(sink)
    }

    /// Opens the deployment's audit log in the PostgreSQL database at `url`, signing with this
    /// directory's key (`audit/signing.key`, generated on first use as for the file log; every
    /// instance of a deployment needs the same one). A key generated here is logged as a key
    /// event.
    pub async fn open_audit_pg(&self, url: &str) -> Result<audit_pg::PgAuditSink, GatewayError> {
        let dir = self.audit_dir();
        let (key, created) = tokio::task::spawn_blocking(move || {
            std::fs::create_dir_all(&dir).map_err(|e| ferret_audit::LogError::Io {
                context: format!("cannot create {}", dir.display()),
                message: e.to_string(),
            })?;
            ferret_audit::log::load_or_create_key(&dir, None)
        })
        .await
        .map_err(|e| task_failed("loading the audit signing key", e))??;
        let log = audit_pg::PgAuditLog::open(url, key, audit_pg::PgAuditOptions::default()).await?;
        let sink = audit_pg::PgAuditSink::new(log);
        if created {
            use audit::AuditSink;
            let ev = audit::AuditEvent::Admin(audit::AdminRecord {
                at: now(),
                actor: "gateway".into(),
                action: "audit-key.create".into(),
                target: sink.log().verifier().to_text(),
                reason: "checkpoint signing key generated".into(),
            });
            sink.append(&ev)
                .await
                .map_err(|e| GatewayError::Audit(ferret_audit::LogError::Entry(e.to_string())))?;
        }
        Ok(sink)
    }

    /// Opens the audit log the configuration names: with a PostgreSQL `database`, the
    /// deployment's log in that database ([`DataDir::open_audit_pg`]); otherwise the file log
    /// in this directory ([`DataDir::open_audit`]).
    pub async fn open_audit_sink(
        &self,
        config: &config::GatewayConfig,
    ) -> Result<Arc<dyn audit::AuditSink>, GatewayError> {
        Ok(match config.database()? {
            config::Database::Postgres(url) => Arc::new(self.open_audit_pg(&url).await?),
            config::Database::Sqlite(_) => Arc::new(self.open_audit().await?),
        })
    }

    /// The audit log's public key text (`audit/public.key`), if the log was opened once.
    pub fn audit_public_key(&self) -> Option<String> {
        std::fs::read_to_string(self.audit_dir().join(ferret_audit::log::PUBLIC_KEY_FILE))
            .ok()
            .map(|t| t.trim().to_string())
    }

    /// The administrative context over this directory (for the command line).
    pub async fn admin(&self, config: &config::GatewayConfig) -> Result<ops::Admin, GatewayError> {
        // The audit log first: a damaged or rolled-back log refuses before the database is
        // touched, so a refused command leaves the data directory exactly as it was.
        let audit = self.open_audit_sink(config).await?;
        let store = self.open_store(config).await?;
        let hasher = identity::KeyHasher::load_or_create(&self.root.join("server.key"))?;
        Ok(ops::Admin {
            store,
            audit,
            hasher,
            key_max_days: config.key_max_days,
        })
    }
}

/// Runs a future on a new multi-threaded tokio runtime (for the command line).
pub fn block_on<F: std::future::Future>(f: F) -> Result<F::Output, GatewayError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| GatewayError::Io {
            path: "tokio runtime".into(),
            source,
        })?;
    Ok(rt.block_on(f))
}

/// Serves the gateway on `listen` until Ctrl-C or SIGTERM; SIGHUP reloads the policy (an
/// invalid policy keeps the old set and is logged). `on_ready` receives the bound address.
pub async fn serve(
    config: config::GatewayConfig,
    data_dir: &Path,
    listen: std::net::SocketAddr,
    on_ready: impl FnOnce(std::net::SocketAddr),
) -> Result<(), GatewayError> {
    let dir = DataDir::new(data_dir);
    let audit = dir.open_audit_sink(&config).await?;
    let store = dir.open_store(&config).await?;
    let gw = Gateway::new(config, store, audit.clone(), data_dir).await?;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|source| GatewayError::Io {
            path: listen.to_string(),
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| GatewayError::Io {
        path: listen.to_string(),
        source,
    })?;
    on_ready(addr);
    #[cfg(unix)]
    {
        let gw2 = gw.clone();
        if let Ok(mut hup) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
        {
            tokio::spawn(async move {
                while hup.recv().await.is_some() {
                    match gw2.reload_policy() {
                        Ok(h) => tracing::info!(policy_hash = %h, "policy reloaded"),
                        Err(e) => {
                            tracing::error!(error = %e, "policy reload failed; keeping the previous set")
                        }
                    }
                }
            });
        }
    }
    // Country rows carry effective dates: re-read them periodically so that a row that becomes
    // effective, or one added with the command line, applies without a restart.
    let gw3 = gw.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(30));
        let mut n = 0u64;
        loop {
            tick.tick().await;
            if let Err(e) = gw3.reload_countries().await {
                tracing::error!(error = %e, "reloading the country table failed");
            }
            // Quota rules another instance (or the command line) stored.
            if let Err(e) = gw3.reload_quotas().await {
                tracing::error!(error = %e, "reloading the quota rules failed");
            }
            // JWKS hourly (key rotation at the identity provider).
            n += 1;
            if n.is_multiple_of(120)
                && let Err(e) = gw3.reload_jwks().await
            {
                tracing::error!(error = %e, "refreshing JWKS failed; keeping the previous keys");
            }
        }
    });
    let shutdown = async {
        #[cfg(unix)]
        {
            let mut term =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = async { match term.as_mut() { Some(t) => { t.recv().await; } None => std::future::pending::<()>().await } } => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    };
    let served = gw.serve(listener, shutdown).await;
    // Sign whatever the last requests appended, so the log ends on a checkpoint.
    if let Err(e) = audit.finish().await {
        tracing::error!(error = %e, "signing the final audit checkpoint failed");
    }
    served.map_err(|source| GatewayError::Io {
        path: addr.to_string(),
        source,
    })
}

/// Pretty JSON output of any serialisable value (for callers that do not depend on serde).
pub trait JsonOut {
    /// Pretty-printed JSON.
    fn to_pretty_json(&self) -> Result<String, serde_json::Error>;
}

impl<T: serde::Serialize + ?Sized> JsonOut for T {
    fn to_pretty_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self)
    }
}

/// Installs a `tracing` subscriber writing to stderr, filtered by `RUST_LOG` (default `info`).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc3339_dates() {
        assert_eq!(super::rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            super::parse_date("2026-11-18"),
            Some(1_795_000_000 - 40_000)
        );
        assert_eq!(super::parse_date("2025-02-30"), None);
        assert_eq!(super::parse_date("x"), None);
        assert_eq!(super::rfc3339(1_795_000_000), "2026-11-18T11:06:40Z");
    }
}
