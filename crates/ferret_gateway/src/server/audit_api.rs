//! The audit log API (`/audit/v1/`), over any [`LogReader`]: the file log of one process or the
//! deployment's PostgreSQL log, answered by whichever instance a request reaches. The
//! checkpoint, the public key and consistency proofs are public (they reveal hashes only);
//! entries, inclusion proofs (which carry the entry) and bundles need the regulator or admin
//! role.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ferret_audit::StoredCheckpoint;
use serde_json::{Value, json};

use super::{AppState, caller, plain_error};
use crate::audit_read::{LogReader, ReadError};
use crate::store::Role;

fn reader(s: &AppState) -> Result<Arc<dyn LogReader>, Response> {
    s.audit.reader().ok_or_else(|| {
        plain_error(
            StatusCode::NOT_FOUND,
            "this gateway's audit sink is not a Merkle log",
        )
    })
}

/// The log, for a regulator or an admin (entries, request ids and bundles are theirs to read).
async fn regulator_reader(
    s: &AppState,
    headers: &HeaderMap,
) -> Result<Arc<dyn LogReader>, Response> {
    caller(s, headers, &[Role::Regulator, Role::Admin]).await?;
    reader(s)
}

fn b64(h: &ferret_audit::Hash) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(h)
}

fn text(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

/// A failed read as an answer: the caller's mistake is 400, anything else 503 (logged).
fn read_error(e: ReadError) -> Response {
    match e {
        ReadError::Bad(m) => plain_error(StatusCode::BAD_REQUEST, &m),
        ReadError::Unavailable(m) => {
            tracing::error!(error = %m, "reading the audit log failed");
            plain_error(
                StatusCode::SERVICE_UNAVAILABLE,
                "the audit log is unavailable",
            )
        }
    }
}

/// Signs a checkpoint now if entries are waiting for one; the latest checkpoint.
async fn fresh_checkpoint(log: &dyn LogReader) -> Result<StoredCheckpoint, Response> {
    match log.sign_now().await {
        Ok(Some(cp)) => Ok(cp),
        Ok(None) => Err(plain_error(
            StatusCode::NOT_FOUND,
            "the audit log has no checkpoint yet",
        )),
        Err(e) => Err(read_error(e)),
    }
}

pub(super) async fn audit_checkpoint(State(s): State<Arc<AppState>>) -> Response {
    let log = match reader(&s) {
        Ok(l) => l,
        Err(r) => return r,
    };
    match log.latest_checkpoint().await {
        Ok(Some(cp)) => text(cp.note),
        Ok(None) => match fresh_checkpoint(&*log).await {
            Ok(cp) => text(cp.note),
            Err(r) => r,
        },
        Err(e) => read_error(e),
    }
}

pub(super) async fn audit_public_key(State(s): State<Arc<AppState>>) -> Response {
    match reader(&s) {
        Ok(log) => text(format!("{}\n", log.public_key())),
        Err(r) => r,
    }
}

fn query_u64(q: &HashMap<String, String>, name: &str) -> Result<Option<u64>, Response> {
    q.get(name)
        .map(|v| {
            v.parse::<u64>().map_err(|_| {
                plain_error(
                    StatusCode::BAD_REQUEST,
                    &format!("{name} must be a non-negative integer"),
                )
            })
        })
        .transpose()
}

pub(super) async fn audit_consistency(
    State(s): State<Arc<AppState>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let log = match reader(&s) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let (from, to) = match (query_u64(&q, "from"), query_u64(&q, "to")) {
        (Ok(Some(f)), Ok(t)) => (f, t),
        (Ok(None), _) => return plain_error(StatusCode::BAD_REQUEST, "from is required"),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let to = match to {
        Some(t) => t,
        None => match log.latest_checkpoint().await {
            Ok(Some(cp)) => cp.size,
            Ok(None) => return plain_error(StatusCode::NOT_FOUND, "no checkpoint yet"),
            Err(e) => return read_error(e),
        },
    };
    match log.consistency_proof(from, to).await {
        Ok(p) => axum::Json(json!({
            "from": from,
            "to": to,
            "proof": p.iter().map(b64).collect::<Vec<_>>(),
        }))
        .into_response(),
        Err(e) => read_error(e),
    }
}

/// The checkpoint an inclusion proof is made against: the one of `tree_size` if given, else
/// the latest if it covers `newest`, else a fresh one.
async fn proof_checkpoint(
    log: &dyn LogReader,
    tree_size: Option<u64>,
    newest: u64,
) -> Result<StoredCheckpoint, Response> {
    if let Some(size) = tree_size {
        return match log.checkpoint_at(size).await {
            Ok(Some(cp)) => Ok(cp),
            Ok(None) => Err(plain_error(
                StatusCode::NOT_FOUND,
                "no checkpoint of that tree size",
            )),
            Err(e) => Err(read_error(e)),
        };
    }
    match log.latest_checkpoint().await {
        Ok(Some(cp)) if cp.size > newest => Ok(cp),
        Ok(_) => fresh_checkpoint(log).await,
        Err(e) => Err(read_error(e)),
    }
}

pub(super) async fn audit_inclusion(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let log = match regulator_reader(&s, &headers).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    let indexes = match (query_u64(&q, "index"), q.get("request_id")) {
        (Ok(Some(i)), None) => vec![i],
        (Ok(None), Some(rid)) => match log.find_request(rid).await {
            Ok(found) => found,
            Err(e) => return read_error(e),
        },
        (Err(r), _) => return r,
        _ => {
            return plain_error(
                StatusCode::BAD_REQUEST,
                "give exactly one of index or request_id",
            );
        }
    };
    let size = match log.size().await {
        Ok(n) => n,
        Err(e) => return read_error(e),
    };
    if indexes.is_empty() || indexes.iter().any(|&i| i >= size) {
        return plain_error(StatusCode::NOT_FOUND, "no such entry");
    }
    let tree_size = match query_u64(&q, "tree_size") {
        Ok(t) => t,
        Err(r) => return r,
    };
    let newest = indexes.iter().max().copied().unwrap_or(0);
    let cp = match proof_checkpoint(&*log, tree_size, newest).await {
        Ok(cp) => cp,
        Err(r) => return r,
    };
    let mut out = Vec::new();
    for i in indexes {
        if i >= cp.size {
            return plain_error(
                StatusCode::BAD_REQUEST,
                "the entry is not in that checkpoint's tree",
            );
        }
        let bytes = match log.entry(i).await {
            Ok(Some(b)) => b,
            Ok(None) => return plain_error(StatusCode::NOT_FOUND, "no such entry"),
            Err(e) => return read_error(e),
        };
        let proof = match log.inclusion_proof(i, cp.size).await {
            Ok(p) => p,
            Err(e) => return read_error(e),
        };
        out.push(json!({
            "index": i,
            "entry": String::from_utf8_lossy(&bytes),
            "leaf_hash": b64(&ferret_audit::merkle::leaf_hash(&bytes)),
            "proof": proof.iter().map(b64).collect::<Vec<_>>(),
        }));
    }
    axum::Json(json!({"tree_size": cp.size, "checkpoint": cp.note, "entries": out})).into_response()
}

pub(super) async fn audit_entry(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath(index): UrlPath<u64>,
) -> Response {
    let log = match regulator_reader(&s, &headers).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    match log.entry(index).await {
        Ok(Some(bytes)) => {
            let entry: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            axum::Json(json!({
                "index": index,
                "entry": entry,
                "canonical": String::from_utf8_lossy(&bytes),
                "leaf_hash": b64(&ferret_audit::merkle::leaf_hash(&bytes)),
            }))
            .into_response()
        }
        Ok(None) => plain_error(StatusCode::NOT_FOUND, "no such entry"),
        Err(e) => read_error(e),
    }
}

/// `from` / `to` as unix seconds or a `YYYY-MM-DD` date (UTC; `to` includes the whole day).
fn query_time(q: &HashMap<String, String>, name: &str, end: bool) -> Result<Option<i64>, Response> {
    let Some(v) = q.get(name) else {
        return Ok(None);
    };
    if let Ok(t) = v.parse::<i64>() {
        return Ok(Some(t));
    }
    match crate::parse_date(v) {
        Some(d) => Ok(Some(if end { d + 86_399 } else { d })),
        None => Err(plain_error(
            StatusCode::BAD_REQUEST,
            &format!("{name} must be unix seconds or YYYY-MM-DD"),
        )),
    }
}

pub(super) async fn audit_bundle(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let log = match regulator_reader(&s, &headers).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    let (from, to) = match (query_time(&q, "from", false), query_time(&q, "to", true)) {
        (Ok(f), Ok(t)) => (f, t),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    if let Err(r) = fresh_checkpoint(&*log).await {
        return r;
    }
    let source = match log.export_source().await {
        Ok(src) => src,
        Err(e) => return read_error(e),
    };
    match ferret_audit::bundle::plan(&*source, from, to) {
        Ok(_) => {}
        Err(ferret_audit::bundle::BundleError::Empty(m)) => {
            return plain_error(StatusCode::NOT_FOUND, &m);
        }
        Err(e) => return read_error(ReadError::Unavailable(e.to_string())),
    }
    // The bundle is written by a blocking task into a bounded channel and streamed out, so a
    // large range is never held in memory. A failure mid-way cuts the stream, and the truncated
    // bundle fails verification.
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(8);
    tokio::task::spawn_blocking(move || {
        let mut w = ChannelWriter {
            tx: tx.clone(),
            buf: Vec::with_capacity(CHUNK),
        };
        let res = ferret_audit::bundle::export(&*source, from, to, &mut w);
        if let Err(e) = res {
            tracing::error!(error = %e, "audit bundle export failed mid-stream");
            let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
        }
    });
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"audit-bundle.txt\"",
            ),
        ],
        Body::from_stream(body),
    )
        .into_response()
}

const CHUNK: usize = 256 * 1024;

/// A `Write` that sends 256 KiB chunks into a channel (from a blocking task).
struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
    buf: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::other("the client went away"))
    }
}

impl std::io::Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}
