//! The proxy routes (`/v1/chat/completions`, `/v1/responses`, `/v1/messages`).
//!
//! Per request: authenticate from the headers alone (no byte of the body is read before that) →
//! read the body (size limit, deadline) → validate it (JSON object, `model`, the types of the
//! fields the gateway itself reads or writes) → find the model → decide → check quotas and
//! reserve an estimate of the call's tokens → append the decision to the audit sink → answer, or
//! forward the re-serialised body and stream the answer back unbuffered while reading its usage.
//! A refusal after authentication but before the decision (400, 404, 408, 413) is audited too.
//!
//! Token accounting: the reservation taken at admission is settled to the usage the upstream
//! reports. If the client goes away before the end of a stream, the upstream is drained in the
//! background (at most [`DRAIN_SECS`] and [`DRAIN_BYTES`]) to read the real usage; if none
//! arrives, the usage is estimated from the prompt's size and the text streamed
//! ([`Scanner::usage`]), so a delivered stream is never counted as zero.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::task::{Context as TaskContext, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use futures_util::{Stream, StreamExt};
use serde_json::{Map, Value};

use crate::config::{ApiKind, ModelConfig};
use crate::now;
use crate::quota::{AdmitError, QuotaKeys, Reservation};
use crate::server::{
    AppState, Authed, ErrKind, api_error, decision_event, policy_failure, request_id, set_header,
    store_unavailable,
};
use crate::store::UsageRecord;

/// Longest background drain of an upstream stream whose client went away.
pub const DRAIN_SECS: u64 = 60;
/// Most bytes read by such a drain.
pub const DRAIN_BYTES: usize = 16 << 20;
/// Tokens reserved for one request at most (absurd `max_tokens` values are clamped to this).
const MAX_RESERVATION: u64 = 1 << 24;
/// Bytes per token in the estimates (prompt size, streamed text).
const BYTES_PER_TOKEN: u64 = 4;

pub(crate) async fn chat_completions(State(s): State<Arc<AppState>>, req: Request) -> Response {
    proxy(s, ApiKind::Openai, "/v1/chat/completions", req).await
}

pub(crate) async fn responses(State(s): State<Arc<AppState>>, req: Request) -> Response {
    proxy(s, ApiKind::Openai, "/v1/responses", req).await
}

pub(crate) async fn messages(State(s): State<Arc<AppState>>, req: Request) -> Response {
    proxy(s, ApiKind::Anthropic, "/v1/messages", req).await
}

/// Client headers forwarded upstream; nothing else is (in particular not the client's
/// credentials).
const FORWARDED: &[&str] = &["accept", "anthropic-version", "anthropic-beta"];

/// A request refused before the decision: status, error kind, code, message.
#[derive(Debug)]
struct Refusal(StatusCode, ErrKind, &'static str, String);

impl Refusal {
    fn invalid(code: &'static str, msg: impl Into<String>) -> Refusal {
        Refusal(StatusCode::BAD_REQUEST, ErrKind::Invalid, code, msg.into())
    }
}

/// Reads the body after authentication: at most `limit` bytes, before the deadline.
async fn read_body(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    timeout: Duration,
) -> Result<Bytes, Refusal> {
    let too_large = || {
        Refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrKind::TooLarge,
            "request_too_large",
            format!("request body exceeds {limit} bytes"),
        )
    };
    let timed_out = || {
        Refusal(
            StatusCode::REQUEST_TIMEOUT,
            ErrKind::Invalid,
            "request_timeout",
            "the request body did not arrive in time".into(),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let deadline = tokio::time::Instant::now() + timeout;
    let mut stream = body.into_data_stream();
    let mut first: Option<Bytes> = None;
    let mut rest: Vec<u8> = Vec::new();
    loop {
        let chunk = match tokio::time::timeout_at(deadline, stream.next()).await {
            Err(_) => return Err(timed_out()),
            Ok(None) => break,
            Ok(Some(Err(e))) if crate::limits::is_body_timeout(&e) => return Err(timed_out()),
            Ok(Some(Err(e))) => {
                return Err(Refusal::invalid(
                    "invalid_body",
                    format!("reading the request body failed: {e}"),
                ));
            }
            Ok(Some(Ok(c))) => c,
        };
        let have = first.as_ref().map_or(0, Bytes::len) + rest.len();
        if have + chunk.len() > limit {
            return Err(too_large());
        }
        match &first {
            None => first = Some(chunk),
            Some(f) => {
                if rest.is_empty() {
                    rest.extend_from_slice(f);
                }
                rest.extend_from_slice(&chunk);
            }
        }
    }
    Ok(if rest.is_empty() {
        first.unwrap_or_default()
    } else {
        Bytes::from(rest)
    })
}

/// A request body that passed validation.
struct Parsed {
    json: Map<String, Value>,
    model: String,
    stream: bool,
    max_output: Option<u64>,
}

/// Validates the body before anything is decided or charged: a JSON object with a string
/// `model`, and the fields the gateway reads or writes of the right type.
fn parse_body(body: &[u8]) -> Result<Parsed, Refusal> {
    let json = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => m,
        Ok(_) => {
            return Err(Refusal::invalid(
                "invalid_json",
                "request body must be a JSON object",
            ));
        }
        Err(e) => {
            return Err(Refusal::invalid(
                "invalid_json",
                format!("request body is not valid JSON: {e}"),
            ));
        }
    };
    let Some(model) = json
        .get("model")
        .and_then(Value::as_str)
        .map(str::to_string)
    else {
        return Err(Refusal::invalid("missing_model", "`model` is required"));
    };
    let stream = match json.get("stream") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(Refusal::invalid(
                "invalid_field",
                "`stream` must be a boolean",
            ));
        }
    };
    match json.get("stream_options") {
        None | Some(Value::Null | Value::Object(_)) => {}
        Some(_) => {
            return Err(Refusal::invalid(
                "invalid_field",
                "`stream_options` must be an object",
            ));
        }
    }
    let mut max_output = None;
    for f in ["max_tokens", "max_completion_tokens", "max_output_tokens"] {
        match json.get(f) {
            None | Some(Value::Null) => {}
            Some(v) => match v.as_u64() {
                Some(n) => max_output = Some(max_output.unwrap_or(0).max(n)),
                None => {
                    return Err(Refusal::invalid(
                        "invalid_field",
                        format!("`{f}` must be a non-negative integer"),
                    ));
                }
            },
        }
    }
    Ok(Parsed {
        json,
        model,
        stream,
        max_output,
    })
}

/// Tokens reserved at admission: the prompt's size in tokens (an over-estimate: the whole body
/// at four bytes a token) plus the output the request allows (`max_tokens`, or the model's or
/// gateway's default), clamped.
fn reservation_estimate(s: &AppState, model: &ModelConfig, body_len: usize, p: &Parsed) -> u64 {
    let prompt = (body_len as u64).div_ceil(BYTES_PER_TOKEN);
    let output = p.max_output.unwrap_or(
        model
            .default_max_output_tokens
            .unwrap_or(s.config.default_max_output_tokens),
    );
    prompt.saturating_add(output).min(MAX_RESERVATION)
}

/// Audits a refusal after authentication and answers it (503 if the audit append fails).
async fn refuse(s: &AppState, a: &Authed, api: ApiKind, rid: &str, r: Refusal) -> Response {
    let Refusal(status, kind, code, msg) = r;
    if s.audit_refusal(a, Some(rid), status, &format!("{code}: {msg}"))
        .await
        .is_err()
    {
        return s.audit_unavailable(api);
    }
    let mut resp = api_error(api, status, kind, code, &msg);
    set_header(&mut resp, "x-request-id", rid);
    if status == StatusCode::REQUEST_TIMEOUT {
        resp.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    resp
}

async fn proxy(s: Arc<AppState>, api: ApiKind, path: &'static str, req: Request) -> Response {
    let t0 = Instant::now();
    s.metrics.requests.fetch_add(1, Ordering::Relaxed);
    let rid = request_id();
    let (parts, body) = req.into_parts();
    let headers = parts.headers;
    let a = match s.authenticate_or_respond(&headers, api, &rid).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let limits = &s.config.limits;
    let body = match read_body(
        &headers,
        body,
        s.config.body_limit_bytes,
        Duration::from_secs(limits.body_read_timeout_secs),
    )
    .await
    {
        Ok(b) => b,
        Err(r) => return refuse(&s, &a, api, &rid, r).await,
    };
    let mut parsed = match parse_body(&body) {
        Ok(p) => p,
        Err(r) => return refuse(&s, &a, api, &rid, r).await,
    };
    if s.config.debug_log_prompts {
        let body = Value::Object(parsed.json.clone());
        tracing::debug!(request_id = %rid, body = %body, "request body (debug_log_prompts)");
    }
    let Some(model) = s.config.model(&parsed.model).filter(|m| m.api == api) else {
        let r = Refusal(
            StatusCode::NOT_FOUND,
            ErrKind::NotFound,
            "model_not_found",
            "the model does not exist on this API, or you do not have access to it".into(),
        );
        return refuse(&s, &a, api, &rid, r).await;
    };
    let facts = s.facts(&a, model, api);
    let (decision, hash) = match s.decide(&facts) {
        Ok(x) => x,
        Err(e) => return policy_failure(api, &e),
    };
    let keys = QuotaKeys {
        org: a.rec.org.name.clone(),
        user: a.rec.user.email.clone(),
        model: model.id.clone(),
    };
    let estimate = reservation_estimate(&s, model, body.len(), &parsed);
    // Quotas only for an allowed request; it then holds a token reservation until it ends.
    let admission = if decision.allowed {
        match s.quotas.admit_reserving(&keys, now(), estimate).await {
            Ok(r) => Some(Ok(r)),
            Err(AdmitError::Exceeded(q)) => Some(Err(q)),
            Err(AdmitError::Store(e)) => {
                // Shared counters unreachable: fail closed, nothing was counted.
                tracing::error!(request_id = %rid, error = %e, "quota counters unavailable");
                let mut r = store_unavailable(api);
                set_header(&mut r, "x-request-id", &rid);
                return r;
            }
        }
    } else {
        None
    };
    let quota = admission.as_ref().and_then(|r| r.as_ref().err());
    let ev = decision_event(&rid, &a, &facts, &decision, hash, quota);
    if let Err(r) = s.append(&ev, api).await {
        return r;
    }
    tracing::info!(
        request_id = %rid,
        user_id = a.rec.user.id,
        org_id = a.rec.org.id,
        model = %model.id,
        tier = %model.tier,
        allowed = decision.allowed,
        policies = %decision.reason(),
        quota = quota.map(|q| q.limit).unwrap_or(""),
        "decision"
    );
    let reservation = match admission {
        None => {
            s.metrics.deny.fetch_add(1, Ordering::Relaxed);
            let mut r = api_error(
                api,
                StatusCode::FORBIDDEN,
                ErrKind::Permission,
                "policy_denied",
                &format!(
                    "access to model `{}` denied by policy: {}",
                    model.id,
                    decision.reason()
                ),
            );
            set_header(&mut r, "x-request-id", &rid);
            set_header(&mut r, "x-gateway-decision", &decision.reason());
            return r;
        }
        Some(Err(q)) => {
            s.metrics.quota.fetch_add(1, Ordering::Relaxed);
            let mut r = api_error(
                api,
                StatusCode::TOO_MANY_REQUESTS,
                ErrKind::RateLimit,
                "quota_exceeded",
                &format!(
                    "quota exceeded: {} per {:?}; retry after {} s",
                    q.limit, q.scope, q.retry_after
                ),
            );
            set_header(&mut r, "retry-after", &q.retry_after.to_string());
            set_header(&mut r, "x-request-id", &rid);
            return r;
        }
        Some(Ok(r)) => r,
    };
    s.metrics.allow.fetch_add(1, Ordering::Relaxed);

    // Forward the re-serialised parsed value, never the client's bytes: the upstream then sees
    // exactly the document that was authorised. With the raw bytes, a body with a duplicate key
    // (`{"model":"full",...,"model":"general"}`) is decided on the last `model` (serde_json's
    // reading) but an upstream whose parser keeps the first would serve the other model; the
    // same holds for duplicates at any depth. Rejecting top-level duplicates alone would leave
    // the nested ones.
    if let Some(up) = &model.upstream_model {
        parsed
            .json
            .insert("model".into(), Value::String(up.clone()));
    }
    if parsed.stream && path == "/v1/chat/completions" {
        let opts = parsed
            .json
            .entry("stream_options")
            .or_insert_with(|| Value::Object(Map::new()));
        if !opts.is_object() {
            // `null`: validation let only an object or null through.
            *opts = Value::Object(Map::new());
        }
        if let Value::Object(o) = opts {
            o.insert("include_usage".into(), Value::Bool(true));
        }
    }
    let out_body = match serde_json::to_vec(&parsed.json) {
        Ok(b) => Bytes::from(b),
        Err(e) => {
            let r = Refusal::invalid("invalid_json", format!("cannot re-encode the body: {e}"));
            return refuse(&s, &a, api, &rid, r).await;
        }
    };
    let fin = Finisher {
        state: s.clone(),
        reservation,
        user_id: a.rec.user.id,
        org_id: a.rec.org.id,
        model: model.id.clone(),
        prompt_estimate: (body.len() as u64).div_ceil(BYTES_PER_TOKEN),
    };
    forward(
        &s,
        api,
        path,
        model,
        &headers,
        out_body,
        parsed.stream,
        fin,
        &rid,
        t0,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn forward(
    s: &Arc<AppState>,
    api: ApiKind,
    path: &'static str,
    model: &ModelConfig,
    headers: &HeaderMap,
    out_body: Bytes,
    stream: bool,
    fin: Finisher,
    rid: &str,
    t0: Instant,
) -> Response {
    let url = format!("{}{}", model.upstream.trim_end_matches('/'), path);
    let mut req = s
        .client
        .post(url)
        .header(header::CONTENT_TYPE, "application/json")
        .body(out_body);
    for h in FORWARDED {
        if let Some(v) = headers.get(*h) {
            req = req.header(*h, v.clone());
        }
    }
    if let Some(k) = s.upstream_keys.get(&model.id) {
        req = match api {
            ApiKind::Openai => req.bearer_auth(k),
            ApiKind::Anthropic => req.header("x-api-key", k),
        };
    }
    if !stream {
        req = req.timeout(Duration::from_secs(s.config.upstream_timeout_secs));
    }
    let pre = t0.elapsed();
    let t_up = Instant::now();
    let resp = match req.send().await {
        Ok(r) => r,
        Err(e) => {
            // `fin` is dropped: the reservation is released (nothing was used).
            s.metrics.upstream_errors.fetch_add(1, Ordering::Relaxed);
            tracing::warn!(request_id = %rid, model = %model.id, error = %e, "upstream request failed");
            let (status, code) = if e.is_timeout() {
                (StatusCode::GATEWAY_TIMEOUT, "upstream_timeout")
            } else {
                (StatusCode::BAD_GATEWAY, "upstream_unavailable")
            };
            return api_error(
                api,
                status,
                ErrKind::Upstream,
                code,
                "the upstream model endpoint failed",
            );
        }
    };
    s.metrics
        .upstream_latency
        .observe(t_up.elapsed().as_secs_f64() * 1000.0);
    let t_post = Instant::now();
    let status = StatusCode::from_u16(resp.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let content_type = resp.headers().get(reqwest::header::CONTENT_TYPE).cloned();
    let retry_after = resp.headers().get(reqwest::header::RETRY_AFTER).cloned();
    let is_sse = content_type
        .as_ref()
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/event-stream"));
    let mut response = if is_sse {
        let tap = Tap {
            inner: Box::pin(resp.bytes_stream()),
            scan: Scanner::default(),
            fin: Some(fin),
        };
        Response::new(Body::from_stream(tap))
    } else {
        let bytes = match resp.bytes().await {
            Ok(b) => b,
            Err(e) => {
                s.metrics.upstream_errors.fetch_add(1, Ordering::Relaxed);
                tracing::warn!(request_id = %rid, error = %e, "upstream body failed");
                fin.finish_estimated(Usage::default(), 0);
                return api_error(
                    api,
                    StatusCode::BAD_GATEWAY,
                    ErrKind::Upstream,
                    "upstream_unavailable",
                    "the upstream model endpoint failed",
                );
            }
        };
        let mut usage = Usage::default();
        if let Ok(v) = serde_json::from_slice::<Value>(&bytes) {
            usage.observe(&v);
        }
        if !status.is_success() {
            // The upstream refused the call: what it reports (usually nothing) is all it used.
            fin.finish(usage);
        } else if usage == Usage::default() {
            fin.finish_estimated(usage, (bytes.len() as u64).div_ceil(BYTES_PER_TOKEN));
        } else {
            fin.finish(usage);
        }
        Response::new(Body::from(bytes))
    };
    *response.status_mut() = status;
    if let Some(ct) = content_type
        && let Ok(v) = HeaderValue::from_bytes(ct.as_bytes())
    {
        response.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    if let Some(ra) = retry_after
        && let Ok(v) = HeaderValue::from_bytes(ra.as_bytes())
    {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    if is_sse {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    let overhead = pre + t_post.elapsed();
    s.metrics.overhead.observe(overhead.as_secs_f64() * 1000.0);
    set_header(&mut response, "x-request-id", rid);
    set_header(
        &mut response,
        "x-gateway-overhead-ms",
        &format!("{:.3}", overhead.as_secs_f64() * 1000.0),
    );
    response
}

/// Token usage read from upstream responses or stream events.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// Input tokens.
    pub input: u64,
    /// Output tokens.
    pub output: u64,
}

impl Usage {
    /// Reads `usage` (OpenAI chat and responses, Anthropic) from a response or event object.
    pub fn observe(&mut self, v: &Value) {
        for u in [
            v.get("usage"),
            v.pointer("/message/usage"),
            v.pointer("/response/usage"),
        ]
        .into_iter()
        .flatten()
        {
            let get = |a: &str, b: &str| {
                u.get(a)
                    .or_else(|| u.get(b))
                    .and_then(Value::as_u64)
                    .unwrap_or(0)
            };
            self.input = self.input.max(get("prompt_tokens", "input_tokens"));
            self.output = self.output.max(get("completion_tokens", "output_tokens"));
        }
    }
}

/// Ends an admitted call: settles its token reservation and records its usage.
struct Finisher {
    state: Arc<AppState>,
    reservation: Reservation,
    user_id: i64,
    org_id: i64,
    model: String,
    /// The prompt's size in tokens (estimated from the body).
    prompt_estimate: u64,
}

impl Finisher {
    /// Ends the call with the usage the upstream reported.
    fn finish(self, usage: Usage) {
        let t = now();
        self.reservation
            .settle(usage.input.saturating_add(usage.output), t);
        let rec = UsageRecord {
            user_id: self.user_id,
            org_id: self.org_id,
            model: self.model,
            prompt_tokens: usage.input,
            completion_tokens: usage.output,
            at: t,
        };
        let store = self.state.store.clone();
        if let Ok(h) = tokio::runtime::Handle::try_current() {
            h.spawn(async move {
                if let Err(e) = store.record_usage(&rec).await {
                    tracing::error!(error = %e, "recording usage failed");
                }
            });
        }
    }

    /// Ends a call whose usage was not (fully) reported: the prompt estimate where no input
    /// figure arrived, and at least `output_estimate` output tokens.
    fn finish_estimated(self, seen: Usage, output_estimate: u64) {
        let usage = Usage {
            input: if seen.input > 0 {
                seen.input
            } else {
                self.prompt_estimate
            },
            output: seen.output.max(output_estimate),
        };
        self.finish(usage);
    }
}

/// Reads the events of an SSE stream: the usage figures and the length of the text streamed.
#[derive(Debug, Default)]
struct Scanner {
    line: Vec<u8>,
    usage: Usage,
    /// Bytes of generated text in the events (`delta` contents).
    text_bytes: u64,
    /// Bytes of the stream.
    bytes: u64,
}

const MAX_SSE_LINE: usize = 1 << 20;

/// Fields of a `delta` that are not generated text.
const DELTA_META: &[&str] = &[
    "type",
    "role",
    "id",
    "index",
    "name",
    "call_id",
    "stop_reason",
    "stop_sequence",
    "finish_reason",
];

fn text_len(v: &Value) -> u64 {
    match v {
        Value::String(s) => s.len() as u64,
        Value::Array(a) => a.iter().map(text_len).sum(),
        Value::Object(m) => m
            .iter()
            .filter(|(k, _)| !DELTA_META.contains(&k.as_str()))
            .map(|(_, v)| text_len(v))
            .sum(),
        _ => 0,
    }
}

impl Scanner {
    fn scan(&mut self, chunk: &[u8]) {
        self.bytes += chunk.len() as u64;
        for &b in chunk {
            if b == b'\n' {
                let line = std::mem::take(&mut self.line);
                let line = line.strip_suffix(b"\r").unwrap_or(&line);
                if let Some(data) = line.strip_prefix(b"data:")
                    && let Ok(v) = serde_json::from_slice::<Value>(data.trim_ascii())
                {
                    self.observe(&v);
                }
            } else if self.line.len() < MAX_SSE_LINE {
                self.line.push(b);
            }
        }
    }

    fn observe(&mut self, v: &Value) {
        self.usage.observe(v);
        // Anthropic `content_block_delta`, Responses `*.delta`; OpenAI chat `choices[].delta`.
        if let Some(d) = v.get("delta") {
            self.text_bytes += text_len(d);
        }
        if let Some(choices) = v.get("choices").and_then(Value::as_array) {
            for c in choices {
                if let Some(d) = c.get("delta") {
                    self.text_bytes += text_len(d);
                }
                if let Some(t) = c.get("text").and_then(Value::as_str) {
                    self.text_bytes += t.len() as u64;
                }
            }
        }
    }

    /// Ends the call: the reported usage if the stream ended normally and reported one;
    /// otherwise an estimate (the streamed text at four bytes a token, or the whole stream's
    /// bytes if no text was recognised), never below what was reported.
    fn finish(&self, fin: Finisher, ended: bool) {
        if ended && self.usage != Usage::default() {
            fin.finish(self.usage);
            return;
        }
        let basis = if self.text_bytes > 0 {
            self.text_bytes
        } else {
            self.bytes
        };
        fin.finish_estimated(self.usage, basis.div_ceil(BYTES_PER_TOKEN));
    }
}

/// Passes an upstream SSE stream through chunk by chunk, reading usage on the way. Dropped
/// before the end (the client went away), it drains the upstream in the background.
struct Tap {
    inner: Pin<Box<dyn Stream<Item = Result<Bytes, reqwest::Error>> + Send>>,
    scan: Scanner,
    fin: Option<Finisher>,
}

impl Stream for Tap {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Option<Self::Item>> {
        match self.inner.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(b))) => {
                self.scan.scan(&b);
                Poll::Ready(Some(Ok(b)))
            }
            Poll::Ready(Some(Err(e))) => {
                if let Some(f) = self.fin.take() {
                    self.scan.finish(f, false);
                }
                Poll::Ready(Some(Err(std::io::Error::other(e))))
            }
            Poll::Ready(None) => {
                if let Some(f) = self.fin.take() {
                    self.scan.finish(f, true);
                }
                Poll::Ready(None)
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl Drop for Tap {
    fn drop(&mut self) {
        let Some(fin) = self.fin.take() else {
            return;
        };
        let Ok(handle) = tokio::runtime::Handle::try_current() else {
            self.scan.finish(fin, false);
            return;
        };
        let mut inner = std::mem::replace(&mut self.inner, Box::pin(futures_util::stream::empty()));
        let mut scan = std::mem::take(&mut self.scan);
        handle.spawn(async move {
            let deadline = tokio::time::Instant::now() + Duration::from_secs(DRAIN_SECS);
            let start = scan.bytes;
            let ended = loop {
                match tokio::time::timeout_at(deadline, inner.next()).await {
                    Ok(Some(Ok(b))) => {
                        scan.scan(&b);
                        if scan.bytes - start > DRAIN_BYTES as u64 {
                            break false;
                        }
                    }
                    Ok(None) => break true,
                    Ok(Some(Err(_))) | Err(_) => break false,
                }
            };
            scan.finish(fin, ended);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_validation() {
        let bad = |b: &str| parse_body(b.as_bytes()).err().map(|r| (r.0, r.2));
        let invalid = Some((StatusCode::BAD_REQUEST, "invalid_field"));
        for so in ["1", "\"x\"", "[1]", "true"] {
            let b = format!(r#"{{"model":"m","stream":true,"stream_options":{so}}}"#);
            assert_eq!(bad(&b), invalid, "{b}");
        }
        assert_eq!(bad(r#"{"model":"m","stream":"yes"}"#), invalid);
        assert_eq!(bad(r#"{"model":"m","max_tokens":-1}"#), invalid);
        assert_eq!(bad(r#"{"model":"m","max_tokens":1.5}"#), invalid);
        assert_eq!(
            bad(r#"{"stream":true}"#),
            Some((StatusCode::BAD_REQUEST, "missing_model"))
        );
        let p = parse_body(br#"{"model":"m","stream":true,"stream_options":null,"max_tokens":7}"#)
            .unwrap();
        assert!(p.stream);
        assert_eq!(p.max_output, Some(7));
    }

    #[test]
    fn scanner_counts_streamed_text() {
        let mut s = Scanner::default();
        s.scan(b"data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"abcdefgh\"}}]}\n\n");
        s.scan(b"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"1234\"}}\n\n");
        s.scan(b"data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}\n\n");
        assert_eq!(s.text_bytes, 12);
        assert_eq!(s.usage, Usage::default());
    }
}
