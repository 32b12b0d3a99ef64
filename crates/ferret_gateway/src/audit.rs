//! The audit seam. Every decision (allow and deny), every refusal after authentication, every
//! admin or regulator action, screening hit and key event is appended to an [`AuditSink`]
//! *before* the response is released; if the append fails, the request fails (503).
//! Authentication failures are entries of their own up to a per-source limit, then counts in
//! periodic summary entries (see `limits`). [`MerkleAuditSink`] is
//! the durable, tamper-evident sink (the `ferret_audit` log in `<data dir>/audit/`);
//! [`MemoryAuditSink`] serves tests.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use ferret_audit::{Entry, EntryKind, Log};
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
    /// The source address (IPv4, or IPv6 /64), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Failed authentications of one source in one interval that were not audited one by one
/// (over its rate limit, or over the budget of individual entries).
#[derive(Debug, Clone, Serialize)]
pub struct AuthFailureSummaryRecord {
    /// Unix seconds (the end of the interval).
    pub at: i64,
    /// The source address (IPv4, IPv6 /64, `other sources (N)` or `unknown`).
    pub source: String,
    /// Failed authentications.
    pub failures: u64,
    /// Of these, answered 429.
    pub limited: u64,
    /// Length of the interval, seconds.
    pub interval_secs: u64,
}

/// A request refused after its caller authenticated: a role or scope refusal, or a proxied
/// request refused before any decision (malformed body, unknown model, body too large).
#[derive(Debug, Clone, Serialize)]
pub struct RefusalRecord {
    /// Unix seconds.
    pub at: i64,
    /// Request id, when the request has one.
    pub request_id: Option<String>,
    /// User row id.
    pub user_id: i64,
    /// Org row id.
    pub org_id: i64,
    /// The user's e-mail.
    pub email: String,
    /// The user's role.
    pub role: String,
    /// API key id, when a key was used.
    pub key_id: Option<String>,
    /// `METHOD /path` of the request.
    pub route: String,
    /// The HTTP status of the refusal.
    pub status: u16,
    /// Why.
    pub reason: String,
}

/// A denied-party screening hit that quarantined an organisation or a user.
#[derive(Debug, Clone, Serialize)]
pub struct ScreeningHitRecord {
    /// Unix seconds.
    pub at: i64,
    /// Who caused the screening (creation, list import).
    pub actor: String,
    /// `org` or `user`.
    pub subject_kind: String,
    /// Organisation name or user e-mail.
    pub subject: String,
    /// The listed name that matched.
    pub listed_name: String,
    /// Its source list.
    pub source: String,
    /// Match score, in thousandths (1000 = exact after normalisation).
    pub score_milli: u32,
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
    /// Authentication failures of one source over an interval, counted rather than listed.
    AuthFailureSummary(AuthFailureSummaryRecord),
    /// A request refused after authentication.
    Refusal(RefusalRecord),
    /// A screening hit.
    ScreeningHit(ScreeningHitRecord),
}

/// Regulator actions among admin records (vetting and screening dispositions). Admin records
/// whose action starts with `key.` (API keys) or `audit-key.` (the log's signing key) are key
/// events; the others are admin actions.
const REGULATOR_ACTIONS: &[&str] = &[
    "org.approve",
    "org.deny",
    "org.revoke",
    "org.screening-clear",
    "org.screening-confirm",
    "user.screening-clear",
    "user.screening-confirm",
];

impl AuditEvent {
    /// The log entry of this event: who, on what, what, with which outcome, under which
    /// policies, for which request; never prompt text.
    pub fn to_entry(&self) -> Entry {
        let mut attrs = BTreeMap::new();
        let mut put = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                attrs.insert(k.to_string(), v);
            }
        };
        let (ts, kind, actor, subject, action, outcome, policies, request_id) = match self {
            AuditEvent::Decision(d) => {
                put("api", Some(d.api.clone()));
                put("tier", Some(d.tier.clone()));
                put("org_id", Some(d.org_id.to_string()));
                put("user_id", Some(d.user_id.to_string()));
                put("key_id", d.key_id.clone());
                put("issuer", d.issuer.clone());
                put("policy_hash", Some(d.policy_hash.clone()));
                put("facts_hash", Some(d.facts_hash.clone()));
                put("quota", d.quota.clone());
                let outcome = match (d.allowed, &d.quota) {
                    (true, _) => "allow",
                    (false, Some(_)) => "deny-quota",
                    (false, None) => "deny",
                };
                (
                    d.at,
                    EntryKind::Decision,
                    format!("user:{}", d.user_id),
                    d.model.clone(),
                    "model.access".to_string(),
                    outcome,
                    d.policies.clone(),
                    Some(d.request_id.clone()),
                )
            }
            AuditEvent::Admin(a) => {
                put("reason", Some(a.reason.clone()));
                let kind = if REGULATOR_ACTIONS.contains(&a.action.as_str()) {
                    EntryKind::RegulatorAction
                } else if a.action.starts_with("key.") || a.action.starts_with("audit-key.") {
                    EntryKind::KeyEvent
                } else {
                    EntryKind::AdminAction
                };
                (
                    a.at,
                    kind,
                    a.actor.clone(),
                    a.target.clone(),
                    a.action.clone(),
                    "done",
                    Vec::new(),
                    None,
                )
            }
            AuditEvent::AuthFailure(f) => {
                put("reason", Some(f.reason.clone()));
                put("source", f.source.clone());
                (
                    f.at,
                    EntryKind::AuthFailure,
                    f.key_id
                        .as_ref()
                        .map_or_else(|| "anonymous".to_string(), |k| format!("key:{k}")),
                    "gateway".to_string(),
                    "authenticate".to_string(),
                    "deny",
                    Vec::new(),
                    Some(f.request_id.clone()),
                )
            }
            AuditEvent::AuthFailureSummary(f) => {
                put("failures", Some(f.failures.to_string()));
                put("limited", Some(f.limited.to_string()));
                put("interval_secs", Some(f.interval_secs.to_string()));
                put(
                    "reason",
                    Some(format!(
                        "{} authentication failures from {} in {} s not recorded one by one \
                         ({} answered 429)",
                        f.failures, f.source, f.interval_secs, f.limited
                    )),
                );
                (
                    f.at,
                    EntryKind::AuthFailure,
                    format!("source:{}", f.source),
                    "gateway".to_string(),
                    "authenticate.summary".to_string(),
                    "deny",
                    Vec::new(),
                    None,
                )
            }
            AuditEvent::Refusal(r) => {
                put("email", Some(r.email.clone()));
                put("role", Some(r.role.clone()));
                put("org_id", Some(r.org_id.to_string()));
                put("user_id", Some(r.user_id.to_string()));
                put("key_id", r.key_id.clone());
                put("status", Some(r.status.to_string()));
                put("reason", Some(r.reason.clone()));
                (
                    r.at,
                    EntryKind::Decision,
                    format!("user:{}", r.user_id),
                    r.route.clone(),
                    "request.refuse".to_string(),
                    "refused",
                    Vec::new(),
                    r.request_id.clone(),
                )
            }
            AuditEvent::ScreeningHit(h) => {
                put("listed_name", Some(h.listed_name.clone()));
                put("source", Some(h.source.clone()));
                put("score_milli", Some(h.score_milli.to_string()));
                (
                    h.at,
                    EntryKind::ScreeningHit,
                    h.actor.clone(),
                    h.subject.clone(),
                    format!("{}.quarantine", h.subject_kind),
                    "quarantined",
                    Vec::new(),
                    None,
                )
            }
        };
        Entry {
            action,
            actor,
            attrs,
            kind,
            outcome: outcome.to_string(),
            policies,
            request_id,
            subject,
            ts,
            v: ferret_audit::entry::ENTRY_VERSION,
        }
    }
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

    /// The Merkle log behind this sink as the `/audit/v1/` endpoints read it, if it is one.
    fn reader(&self) -> Option<Arc<dyn crate::audit_read::LogReader>> {
        None
    }

    /// Whether the log is the PostgreSQL database of the store it records (so that an
    /// administrative change appends its entries inside its store transaction).
    fn in_postgres(&self) -> bool {
        false
    }

    /// Signs a checkpoint over what was appended (at shutdown), where the sink signs.
    fn finish(&self) -> BoxFuture<'_, Result<(), AuditError>> {
        Box::pin(async { Ok(()) })
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

/// A sink that appends JSON lines to a file (fsync per event). Durable, not tamper-evident, and
/// cannot be read back; `serve` uses [`MerkleAuditSink`]. Kept for tests of sinks without reads.
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

/// The durable, tamper-evident sink: a [`ferret_audit::Log`]. An append resolves once the entry
/// is on disk (group commit); checkpoints are signed by the log's writer at least every 500 ms
/// while entries are waiting for one.
#[derive(Debug, Clone)]
pub struct MerkleAuditSink {
    log: Arc<Log>,
}

fn hex(h: &ferret_audit::Hash) -> String {
    ferret_audit::merkle::hex(h)
}

impl MerkleAuditSink {
    /// A sink over an opened log.
    pub fn new(log: Arc<Log>) -> MerkleAuditSink {
        MerkleAuditSink { log }
    }

    /// The log.
    pub fn log(&self) -> &Arc<Log> {
        &self.log
    }
}

impl AuditSink for MerkleAuditSink {
    fn append<'a>(&'a self, event: &'a AuditEvent) -> BoxFuture<'a, Result<u64, AuditError>> {
        let fut = self.log.append(&event.to_entry());
        Box::pin(async move {
            fut.await
                .map(|i| i + 1)
                .map_err(|e| AuditError::Append(e.to_string()))
        })
    }

    fn size(&self) -> BoxFuture<'_, Result<u64, AuditError>> {
        Box::pin(async { Ok(self.log.size()) })
    }

    fn entries(
        &self,
        start: u64,
        limit: usize,
    ) -> BoxFuture<'_, Result<Vec<StoredEntry>, AuditError>> {
        Box::pin(async move {
            let rows = self
                .log
                .entries(start, limit)
                .map_err(|e| AuditError::Read(e.to_string()))?;
            Ok(rows
                .into_iter()
                .map(|(index, bytes, leaf)| StoredEntry {
                    index,
                    json: String::from_utf8_lossy(&bytes).into_owned(),
                    leaf_hash: Some(hex(&leaf)),
                })
                .collect())
        })
    }

    fn check_inclusion(&self, index: u64) -> BoxFuture<'_, Result<InclusionCheck, AuditError>> {
        Box::pin(async move {
            let read = |e: ferret_audit::LogError| AuditError::Read(e.to_string());
            let Some(cp) = self.log.latest_checkpoint() else {
                return Err(AuditError::Read("no signed checkpoint yet".into()));
            };
            let base = InclusionCheck {
                index,
                tree_size: cp.size,
                root_hash: hex(&cp.root),
                proof: Vec::new(),
                verified: false,
                detail: String::new(),
            };
            if index >= cp.size {
                return Ok(InclusionCheck {
                    detail: not_under_checkpoint(index, cp.size, self.log.size()),
                    ..base
                });
            }
            let proof = self.log.inclusion_proof(index, cp.size).map_err(read)?;
            // Recompute the leaf hash from the stored bytes, not from the in-memory tree.
            let bytes = self
                .log
                .entry(index)
                .map_err(read)?
                .ok_or_else(|| AuditError::Read(format!("no entry {index}")))?;
            let leaf = ferret_audit::merkle::leaf_hash(&bytes);
            let signature = self.log.verifier().open(&cp.note).map(|_| ());
            Ok(judge_inclusion(base, &leaf, &proof, &cp.root, signature))
        })
    }

    fn reader(&self) -> Option<Arc<dyn crate::audit_read::LogReader>> {
        Some(Arc::new(crate::audit_read::FileReader(self.log.clone())))
    }

    fn finish(&self) -> BoxFuture<'_, Result<(), AuditError>> {
        let fut = self.log.checkpoint();
        Box::pin(async move {
            fut.await
                .map(|_| ())
                .map_err(|e| AuditError::Append(e.to_string()))
        })
    }
}

/// Why entry `index` has no proof against the latest checkpoint (of `signed` entries) in a log
/// of `size` entries.
pub(crate) fn not_under_checkpoint(index: u64, signed: u64, size: u64) -> String {
    if index < size {
        format!(
            "entry {index} is newer than the latest checkpoint (size {signed}); checkpoints are \
             signed within a second"
        )
    } else {
        format!("no entry {index}")
    }
}

/// Completes `base` (index, tree size, root) with the audit path of `leaf` and the verdict: the
/// path leads to `root` and the checkpoint's signature (`signature`) holds.
pub(crate) fn judge_inclusion(
    base: InclusionCheck,
    leaf: &ferret_audit::Hash,
    proof: &[ferret_audit::Hash],
    root: &ferret_audit::Hash,
    signature: Result<(), ferret_audit::note::NoteError>,
) -> InclusionCheck {
    let (index, size) = (base.index, base.tree_size);
    let included = ferret_audit::merkle::verify_inclusion(index, size, leaf, proof, root);
    let (verified, detail) = match (signature, included) {
        (Ok(()), true) => (
            true,
            format!("entry {index} is included in the signed tree of size {size}"),
        ),
        (Err(e), _) => (false, format!("the checkpoint does not verify: {e}")),
        (Ok(()), false) => (
            false,
            format!(
                "the stored entry (leaf hash {}) does not lead to the signed root",
                hex(leaf)
            ),
        ),
    };
    InclusionCheck {
        proof: proof.iter().map(hex).collect(),
        verified,
        detail,
        ..base
    }
}

/// The answer of `GET /audit/v1/proof/inclusion`.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct InclusionResponse {
    /// The tree size the proofs are against.
    pub tree_size: u64,
    /// The signed checkpoint of that size.
    pub checkpoint: String,
    /// One proof per entry of the request.
    pub entries: Vec<InclusionEntry>,
}

/// One entry and its inclusion proof.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct InclusionEntry {
    /// Entry index.
    pub index: u64,
    /// The canonical entry JSON.
    pub entry: String,
    /// Base64 leaf hash, as the server computed it.
    pub leaf_hash: String,
    /// Base64 audit path, leaf to root.
    pub proof: Vec<String>,
}

/// Fetches the inclusion proofs of a request's entries from a gateway (`base` is its URL). The
/// caller verifies them; nothing here is trusted.
pub async fn fetch_inclusion(
    base: &str,
    request_id: &str,
    api_key: &str,
) -> Result<InclusionResponse, AuditError> {
    crate::server::install_crypto_provider();
    let fail = |e: String| AuditError::Read(e);
    let encoded: String = request_id
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let url = format!(
        "{}/audit/v1/proof/inclusion?request_id={encoded}",
        base.trim_end_matches('/')
    );
    let resp = reqwest::Client::new()
        .get(url)
        .bearer_auth(api_key)
        .timeout(std::time::Duration::from_secs(30))
        .send()
        .await
        .map_err(|e| fail(e.to_string()))?;
    let status = resp.status();
    let body = resp.text().await.map_err(|e| fail(e.to_string()))?;
    if !status.is_success() {
        return Err(fail(format!("HTTP {status}: {}", body.trim())));
    }
    serde_json::from_str(&body).map_err(|e| fail(format!("unexpected answer: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admin(action: &str) -> AuditEvent {
        AuditEvent::Admin(AdminRecord {
            at: 7,
            actor: "a@x.test".into(),
            action: action.into(),
            target: "t".into(),
            reason: "r".into(),
        })
    }

    #[test]
    fn events_map_to_entries_of_their_kind() {
        let kind = |e: &AuditEvent| e.to_entry().kind;
        assert_eq!(kind(&admin("org.create")), EntryKind::AdminAction);
        assert_eq!(kind(&admin("org.revoke")), EntryKind::RegulatorAction);
        assert_eq!(
            kind(&admin("user.screening-confirm")),
            EntryKind::RegulatorAction
        );
        assert_eq!(kind(&admin("key.revoke")), EntryKind::KeyEvent);
        assert_eq!(kind(&admin("audit-key.create")), EntryKind::KeyEvent);
        let e = admin("org.create").to_entry();
        assert_eq!(
            (
                e.actor.as_str(),
                e.subject.as_str(),
                e.ts,
                e.attrs["reason"].as_str()
            ),
            ("a@x.test", "t", 7, "r")
        );

        let d = DecisionRecord {
            at: 9,
            request_id: "rid".into(),
            user_id: 3,
            org_id: 4,
            key_id: Some("fk_1".into()),
            issuer: None,
            model: "m".into(),
            tier: "lite".into(),
            api: "openai".into(),
            allowed: false,
            policies: vec!["p".into()],
            policy_hash: "ph".into(),
            facts_hash: "fh".into(),
            quota: Some("Minute:requests".into()),
        };
        let e = AuditEvent::Decision(d.clone()).to_entry();
        assert_eq!(e.kind, EntryKind::Decision);
        assert_eq!(
            (e.outcome.as_str(), e.subject.as_str(), e.actor.as_str()),
            ("deny-quota", "m", "user:3")
        );
        assert_eq!(e.request_id.as_deref(), Some("rid"));
        assert_eq!(e.policies, vec!["p".to_string()]);
        assert!(!e.attrs.contains_key("issuer"));
        let allowed = AuditEvent::Decision(DecisionRecord {
            allowed: true,
            quota: None,
            ..d
        });
        assert_eq!(allowed.to_entry().outcome, "allow");

        let f = AuditEvent::AuthFailure(AuthFailureRecord {
            at: 1,
            request_id: "r2".into(),
            key_id: None,
            reason: "bad key".into(),
            source: None,
        })
        .to_entry();
        assert_eq!(
            (f.kind, f.actor.as_str(), f.outcome.as_str()),
            (EntryKind::AuthFailure, "anonymous", "deny")
        );

        let h = AuditEvent::ScreeningHit(ScreeningHitRecord {
            at: 2,
            actor: "cli:x".into(),
            subject_kind: "user".into(),
            subject: "u@x.test".into(),
            listed_name: "N".into(),
            source: "EL".into(),
            score_milli: 930,
        })
        .to_entry();
        assert_eq!(
            (h.kind, h.action.as_str(), h.attrs["score_milli"].as_str()),
            (EntryKind::ScreeningHit, "user.quarantine", "930")
        );
    }
}
