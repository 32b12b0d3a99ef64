//! The audit seam. Every decision (allow and deny), every authentication failure and every admin
//! or regulator action is appended to an [`AuditSink`] *before* the response is released; if the
//! append fails, the request fails (503). The durable, tamper-evident sink is a later piece of
//! work; [`MemoryAuditSink`] serves tests and single-process runs.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use crate::store::BoxFuture;

/// Errors of an audit sink.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// The sink could not append.
    #[error("audit append failed: {0}")]
    Append(String),
    /// The sink could not be read.
    #[error("audit read failed: {0}")]
    Read(String),
    /// The sink does not offer this operation (e.g. proofs from a sink that is not a Merkle log).
    #[error("this audit sink does not support {0}")]
    Unsupported(&'static str),
}

/// One stored entry, as the console and the HTTP API show it.
#[derive(Debug, Clone, Serialize)]
pub struct StoredEntry {
    /// Position in the log, from 0.
    pub index: u64,
    /// The entry exactly as stored (canonical JSON for a Merkle log).
    pub json: String,
    /// Hex RFC 6962 leaf hash, when the sink is a Merkle log.
    pub leaf_hash: Option<String>,
}

/// The outcome of checking one entry's inclusion proof against the latest signed checkpoint.
#[derive(Debug, Clone, Serialize)]
pub struct InclusionCheck {
    /// The entry's index.
    pub index: u64,
    /// Size of the checkpointed tree the proof is against.
    pub tree_size: u64,
    /// Hex root hash of that tree.
    pub root_hash: String,
    /// Hex audit path, leaf to root.
    pub proof: Vec<String>,
    /// Whether the proof recomputes the checkpoint's root and the checkpoint's signature holds.
    pub verified: bool,
    /// A human-readable account of the check (what failed, if anything).
    pub detail: String,
}

/// One policy decision on a proxied request.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionRecord {
    /// Unix seconds.
    pub at: i64,
    /// Request id (also returned to the client as `x-request-id`).
    pub request_id: String,
    /// User row id.
    pub user_id: i64,
    /// Org row id.
    pub org_id: i64,
    /// API key id, when a key was used.
    pub key_id: Option<String>,
    /// OIDC issuer, when a token was used.
    pub issuer: Option<String>,
    /// Model id.
    pub model: String,
    /// Model tier.
    pub tier: String,
    /// `openai` / `anthropic`.
    pub api: String,
    /// Whether policy allowed it.
    pub allowed: bool,
    /// Ids of the determining policies.
    pub policies: Vec<String>,
    /// Hash of the policy set and schema.
    pub policy_hash: String,
    /// BLAKE3 of the attribute snapshot the decision was made on.
    pub facts_hash: String,
    /// The quota limit that refused the request, if any.
    pub quota: Option<String>,
}

/// An administrative or regulatory action.
#[derive(Debug, Clone, Serialize)]
pub struct AdminRecord {
    /// Unix seconds.
    pub at: i64,
    /// Who (e-mail, or `cli:<user>` for the command line).
    pub actor: String,
    /// What (`org.create`, `org.approve`, `key.create`, `screening.import`...).
    pub action: String,
    /// On what (org name, user e-mail, key id...).
    pub target: String,
    /// Why.
    pub reason: String,
}

/// A credential that did not authenticate.
#[derive(Debug, Clone, Serialize)]
pub struct AuthFailureRecord {
    /// Unix seconds.
    pub at: i64,
    /// Request id.
    pub request_id: String,
    /// Key id presented, if any.
    pub key_id: Option<String>,
    /// Why it failed.
    pub reason: String,
}

/// Everything the audit log records.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum AuditEvent {
    /// A policy decision.
    Decision(DecisionRecord),
    /// An admin or regulator action.
    Admin(AdminRecord),
    /// An authentication failure.
    AuthFailure(AuthFailureRecord),
}

/// Where audit events go. Implementations must make the event durable (to their standard)
/// before the returned future resolves `Ok`.
pub trait AuditSink: Send + Sync + std::fmt::Debug {
    /// Appends one event; returns its sequence number.
    fn append<'a>(&'a self, event: &'a AuditEvent) -> BoxFuture<'a, Result<u64, AuditError>>;

    /// The number of entries.
    fn size(&self) -> BoxFuture<'_, Result<u64, AuditError>> {
        Box::pin(async { Err(AuditError::Unsupported("reading")) })
    }

    /// Up to `limit` entries from index `start` on, in log order.
    fn entries(
        &self,
        start: u64,
        limit: usize,
    ) -> BoxFuture<'_, Result<Vec<StoredEntry>, AuditError>> {
        let _ = (start, limit);
        Box::pin(async { Err(AuditError::Unsupported("reading")) })
    }

    /// Checks entry `index` against the latest signed checkpoint.
    fn check_inclusion(&self, index: u64) -> BoxFuture<'_, Result<InclusionCheck, AuditError>> {
        let _ = index;
        Box::pin(async { Err(AuditError::Unsupported("inclusion proofs")) })
    }
}

/// An in-memory sink. `set_failing(true)` makes every append fail (for tests).
#[derive(Debug, Default)]
pub struct MemoryAuditSink {
    events: Mutex<Vec<AuditEvent>>,
    failing: AtomicBool,
}

impl MemoryAuditSink {
    /// An empty sink.
    pub fn new() -> MemoryAuditSink {
        MemoryAuditSink::default()
    }

    /// Makes appends fail (or succeed again).
    pub fn set_failing(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }

    /// A copy of every event so far.
    pub fn events(&self) -> Vec<AuditEvent> {
        self.events
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

impl AuditSink for MemoryAuditSink {
    fn append<'a>(&'a self, event: &'a AuditEvent) -> BoxFuture<'a, Result<u64, AuditError>> {
        Box::pin(async move {
            if self.failing.load(Ordering::SeqCst) {
                return Err(AuditError::Append("sink is failing (test switch)".into()));
            }
            let mut v = self.events.lock().unwrap_or_else(|p| p.into_inner());
            v.push(event.clone());
            Ok(v.len() as u64)
        })
    }

    fn size(&self) -> BoxFuture<'_, Result<u64, AuditError>> {
        Box::pin(async { Ok(self.events().len() as u64) })
    }

    fn entries(
        &self,
        start: u64,
        limit: usize,
    ) -> BoxFuture<'_, Result<Vec<StoredEntry>, AuditError>> {
        Box::pin(async move {
            let v = self.events.lock().unwrap_or_else(|p| p.into_inner());
            v.iter()
                .enumerate()
                .skip(usize::try_from(start).unwrap_or(usize::MAX))
                .take(limit)
                .map(|(i, e)| {
                    Ok(StoredEntry {
                        index: i as u64,
                        json: serde_json::to_string(e)
                            .map_err(|e| AuditError::Read(e.to_string()))?,
                        leaf_hash: None,
                    })
                })
                .collect()
        })
    }
}

/// A sink that appends JSON lines to a file (fsync per event). Durable, not tamper-evident.
#[derive(Debug)]
pub struct JsonlAuditSink {
    file: tokio::sync::Mutex<std::fs::File>,
    seq: std::sync::atomic::AtomicU64,
}

impl JsonlAuditSink {
    /// Opens (appending) `path`.
    pub fn open(path: &std::path::Path) -> std::io::Result<JsonlAuditSink> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        Ok(JsonlAuditSink {
            file: tokio::sync::Mutex::new(file),
            seq: std::sync::atomic::AtomicU64::new(0),
        })
    }
}

impl AuditSink for JsonlAuditSink {
    fn append<'a>(&'a self, event: &'a AuditEvent) -> BoxFuture<'a, Result<u64, AuditError>> {
        Box::pin(async move {
            use std::io::Write;
            let mut line =
                serde_json::to_vec(event).map_err(|e| AuditError::Append(e.to_string()))?;
            line.push(b'\n');
            let f = self.file.lock().await;
            (&*f)
                .write_all(&line)
                .and_then(|_| f.sync_data())
                .map_err(|e| AuditError::Append(e.to_string()))?;
            Ok(self.seq.fetch_add(1, Ordering::SeqCst) + 1)
        })
    }
}
