//! `fake_model` is a deterministic stand-in for an LLM provider, used by Ferret's tests and
//! benchmarks. It runs a real HTTP server on a loopback port and speaks the OpenAI shapes
//! (`GET /v1/models`, `POST /v1/chat/completions` and `POST /v1/responses`, streaming or not) and
//! the Anthropic shape
//! (`POST /v1/messages`, streaming or not). Replies are a pure function of the request, and every
//! reply carries `usage` figures (whitespace-separated words of the prompt and of the reply), so a
//! test can predict them. Failures can be injected (status code, `retry-after`, delay), either for
//! the next N requests through [`FakeServer::fail_next`] or per request with the
//! `x-fake-status` / `x-fake-delay-ms` headers. Every request is recorded so that a test can check
//! what a proxy in front of it forwarded.
//!
//! Replies can be scripted: [`FakeConfig::fixtures`] maps a needle to a reply, and the first
//! fixture whose needle occurs in the request's prompt text answers it (recorded responses keyed by
//! request content). Beyond HTTP failures, [`FakeServer::inject_next`] makes upcoming requests
//! misbehave the way real providers do: malformed JSON, a refusal, a slow stream, or a connection
//! dropped half-way. A system prompt seen before is reported as cached input tokens, as a
//! provider's prompt cache would. For the Anthropic shape, a request that forces a tool
//! (`tool_choice: {type: "tool"}`) gets its JSON reply back as that tool's `input`.
//!
//! The reply logic lives in [`reply_for`], a plain function, so that scripted replies need no
//! change to the transport.

// Handlers return `Result<_, Response>`: the error is the response itself, and boxing it
// would only add an allocation on the error path.
#![allow(clippy::result_large_err)]

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Errors of the fake server.
#[derive(Debug, thiserror::Error)]
pub enum FakeError {
    /// Binding or serving the socket failed.
    #[error("fake model server I/O: {0}")]
    Io(#[from] std::io::Error),
    /// A fixture file is malformed.
    #[error("bad fixture file: {0}")]
    Fixtures(String),
}

/// How the fake server behaves.
#[derive(Debug, Clone)]
pub struct FakeConfig {
    /// Model ids listed by `/v1/models` and accepted by the completion endpoints. An empty list
    /// accepts any model.
    pub models: Vec<String>,
    /// Fixed reply text. `None` replies `"echo: <last user message>"`.
    pub reply: Option<String>,
    /// Pause between two streamed chunks.
    pub chunk_delay: Duration,
    /// Scripted replies: the first fixture whose needle occurs in the prompt text answers.
    pub fixtures: Vec<Fixture>,
}

impl Default for FakeConfig {
    fn default() -> Self {
        FakeConfig {
            models: Vec::new(),
            reply: None,
            chunk_delay: Duration::ZERO,
            fixtures: Vec::new(),
        }
    }
}

/// A recorded reply, keyed by needles in the request's prompt text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixture {
    /// Texts that must all occur in the prompt (system prompt and messages).
    pub needles: Vec<String>,
    /// Texts that must not occur in the prompt.
    pub unless: Vec<String>,
    /// The reply text (for structured output: the JSON document).
    pub reply: String,
}

impl Fixture {
    /// A fixture answering `reply` to prompts containing `needle`.
    pub fn new(needle: impl Into<String>, reply: impl Into<String>) -> Fixture {
        Fixture {
            needles: vec![needle.into()],
            unless: Vec::new(),
            reply: reply.into(),
        }
    }

    /// A fixture answering `reply` to prompts containing every one of `needles`.
    pub fn all(needles: &[&str], reply: impl Into<String>) -> Fixture {
        Fixture {
            needles: needles.iter().map(|n| n.to_string()).collect(),
            unless: Vec::new(),
            reply: reply.into(),
        }
    }

    /// The same fixture, but not for prompts containing `text`.
    pub fn unless(mut self, text: impl Into<String>) -> Fixture {
        self.unless.push(text.into());
        self
    }

    /// Whether the fixture answers a prompt.
    pub fn matches(&self, prompt: &str) -> bool {
        self.needles.iter().all(|n| prompt.contains(n.as_str()))
            && !self.unless.iter().any(|u| prompt.contains(u.as_str()))
    }

    /// Reads fixtures from a JSON file: `[{"needle": "..." or "needles": [...], "unless": [...],
    /// "reply": "..." or {...}}, ...]`.
    /// A reply that is not a string is sent as its JSON text.
    pub fn load(path: &std::path::Path) -> Result<Vec<Fixture>, FakeError> {
        let text = std::fs::read_to_string(path)?;
        let v: Value = serde_json::from_str(&text)
            .map_err(|e| FakeError::Fixtures(format!("{}: {e}", path.display())))?;
        let items = v
            .as_array()
            .ok_or_else(|| FakeError::Fixtures(format!("{}: expected an array", path.display())))?;
        items
            .iter()
            .map(|it| {
                let strings = |key: &str| -> Vec<String> {
                    match it.get(key) {
                        Some(Value::String(s)) => vec![s.clone()],
                        Some(Value::Array(a)) => a
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect(),
                        _ => Vec::new(),
                    }
                };
                let mut needles = strings("needle");
                needles.extend(strings("needles"));
                if needles.is_empty() {
                    return Err(FakeError::Fixtures(format!(
                        "{}: fixture without a needle",
                        path.display()
                    )));
                }
                let reply = match it.get("reply") {
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                    None => {
                        return Err(FakeError::Fixtures(format!(
                            "{}: fixture `{}` without a reply",
                            path.display(),
                            needles[0]
                        )));
                    }
                };
                Ok(Fixture {
                    needles,
                    unless: strings("unless"),
                    reply,
                })
            })
            .collect()
    }
}

/// A misbehaviour to inject into an upcoming request (see [`FakeServer::inject_next`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Injection {
    /// Answer with this status (and `retry-after` seconds, if given) in the API's error shape.
    Status {
        /// HTTP status.
        status: u16,
        /// `retry-after` header value in seconds.
        retry_after: Option<u64>,
    },
    /// Answer 200 with a reply that is not valid JSON (a truncated document).
    MalformedJson,
    /// Answer 200 with the API's refusal shape.
    Refusal,
    /// Stream the reply with this pause between chunks.
    SlowStream(Duration),
    /// Send the status line and part of the body, then drop the connection.
    DropConnection,
    /// Answer the API's "quota / credit exhausted" error (OpenAI: 429 `insufficient_quota`;
    /// Anthropic: 400 "credit balance is too low"), which must not be retried.
    QuotaExhausted,
}

/// A failure to inject into upcoming requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// HTTP status to answer with.
    pub status: u16,
    /// Value of a `retry-after` header (seconds), if any.
    pub retry_after: Option<u64>,
    /// Wait this long before answering.
    pub delay: Duration,
}

/// One request as the fake server received it.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// Request path, e.g. `/v1/chat/completions`.
    pub path: String,
    /// All headers, names lower-case.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Bytes,
}

#[derive(Debug, Default)]
struct Shared {
    failures: VecDeque<Failure>,
    injections: VecDeque<Injection>,
    requests: Vec<RecordedRequest>,
    seen_prefixes: std::collections::HashSet<String>,
    in_flight: usize,
    max_in_flight: usize,
}

/// Counts a request as in flight until dropped.
struct InFlight(Arc<Mutex<Shared>>);

impl InFlight {
    fn enter(shared: &Arc<Mutex<Shared>>) -> InFlight {
        let mut s = shared.lock().expect("fake state lock");
        s.in_flight += 1;
        s.max_in_flight = s.max_in_flight.max(s.in_flight);
        InFlight(shared.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut s = self.0.lock().unwrap_or_else(|p| p.into_inner());
        s.in_flight = s.in_flight.saturating_sub(1);
    }
}

#[derive(Debug, Clone)]
struct AppState {
    config: Arc<FakeConfig>,
    shared: Arc<Mutex<Shared>>,
}

/// A running fake server. Dropping it stops the server.
#[derive(Debug)]
pub struct FakeServer {
    addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl FakeServer {
    /// Starts a server on `127.0.0.1` with a random port.
    pub async fn start(config: FakeConfig) -> Result<FakeServer, FakeError> {
        Self::start_on("127.0.0.1:0".parse().expect("static address"), config).await
    }

    /// Starts a server on the given address.
    pub async fn start_on(addr: SocketAddr, config: FakeConfig) -> Result<FakeServer, FakeError> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Mutex::new(Shared::default()));
        let app = router(config, shared.clone());
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        Ok(FakeServer {
            addr,
            shared,
            stop: Some(tx),
            task: Some(task),
        })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Makes the next `times` requests fail with `failure`.
    pub fn fail_next(&self, failure: Failure, times: usize) {
        let mut s = self.shared.lock().expect("fake state lock");
        for _ in 0..times {
            s.failures.push_back(failure.clone());
        }
    }

    /// Makes the next `times` requests misbehave with `injection`.
    pub fn inject_next(&self, injection: Injection, times: usize) {
        let mut s = self.shared.lock().expect("fake state lock");
        for _ in 0..times {
            s.injections.push_back(injection.clone());
        }
    }

    /// The most requests that were being handled at once.
    pub fn max_in_flight(&self) -> usize {
        self.shared.lock().expect("fake state lock").max_in_flight
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared
            .lock()
            .expect("fake state lock")
            .requests
            .clone()
    }

    /// Stops the server and waits for it.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

/// The axum router of the fake server, for embedding it in another server.
fn router(config: FakeConfig, shared: Arc<Mutex<Shared>>) -> Router {
    let state = AppState {
        config: Arc::new(config),
        shared,
    };
    Router::new()
        .route("/v1/models", get(models))
        .route("/v1/chat/completions", post(chat))
        .route("/v1/responses", post(responses))
        .route("/v1/messages", post(messages))
        .with_state(state)
}

/// Which API shape a request uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// OpenAI chat completions.
    OpenAi,
    /// Anthropic messages.
    Anthropic,
}

/// The text a request's fixtures are matched against: system prompt, instructions and every
/// message's text.
pub fn prompt_text(body: &Value) -> String {
    let mut parts = Vec::new();
    for key in ["system", "instructions"] {
        if let Some(v) = body.get(key) {
            parts.push(content_text(v));
        }
    }
    match body.get("input") {
        Some(Value::String(s)) => parts.push(s.clone()),
        Some(Value::Array(items)) => {
            for m in items {
                parts.push(m.get("content").map(content_text).unwrap_or_default());
            }
        }
        _ => {}
    }
    if let Some(msgs) = body.get("messages").and_then(Value::as_array) {
        for m in msgs {
            parts.push(m.get("content").map(content_text).unwrap_or_default());
        }
    }
    parts.join("\n")
}

/// The stable prefix a provider would cache: the system prompt or instructions.
fn prompt_prefix(body: &Value) -> String {
    if let Some(v) = body.get("system").or_else(|| body.get("instructions")) {
        return content_text(v);
    }
    body.get("messages")
        .and_then(Value::as_array)
        .and_then(|m| m.first())
        .filter(|m| {
            matches!(
                m.get("role").and_then(Value::as_str),
                Some("system" | "developer")
            )
        })
        .and_then(|m| m.get("content"))
        .map(content_text)
        .unwrap_or_default()
}

/// The deterministic reply to a request: `(text, prompt_tokens, completion_tokens)`.
///
/// The first fixture whose needle occurs in the prompt text answers; otherwise the configured
/// reply, otherwise `"echo: <last user message>"`. Tokens are counted as whitespace-separated
/// words of every message's text content (and the system prompt), and of the reply.
pub fn reply_for(config: &FakeConfig, body: &Value) -> (String, u64, u64) {
    let mut prompt_words = 0u64;
    let mut last_user = String::new();
    if let Some(system) = body.get("system") {
        prompt_words += count_words(&content_text(system));
    }
    if let Some(instructions) = body.get("instructions") {
        prompt_words += count_words(&content_text(instructions));
    }
    if let Some(Value::String(input)) = body.get("input") {
        prompt_words += count_words(input);
        last_user = input.clone();
    }
    let msgs = body
        .get("messages")
        .or_else(|| body.get("input"))
        .and_then(Value::as_array);
    if let Some(msgs) = msgs {
        for m in msgs {
            let text = m.get("content").map(content_text).unwrap_or_default();
            prompt_words += count_words(&text);
            if m.get("role").and_then(Value::as_str) == Some("user") {
                last_user = text;
            }
        }
    }
    let fixture = if config.fixtures.is_empty() {
        None
    } else {
        let text = prompt_text(body);
        config
            .fixtures
            .iter()
            .find(|f| f.matches(&text))
            .map(|f| f.reply.clone())
    };
    let reply = match (fixture, &config.reply) {
        (Some(r), _) => r,
        (None, Some(r)) => r.clone(),
        (None, None) => format!("echo: {last_user}"),
    };
    let completion = count_words(&reply);
    (reply, prompt_words, completion)
}

fn content_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(|p| {
                p.get("text")
                    .and_then(Value::as_str)
                    .or_else(|| p.get("content").and_then(Value::as_str))
            })
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}

fn count_words(s: &str) -> u64 {
    s.split_whitespace().count() as u64
}

/// What the server decided to do with one request before answering it.
#[derive(Debug, Default)]
struct Plan {
    failure: Option<Failure>,
    injection: Option<Injection>,
}

fn record(state: &AppState, path: &str, headers: &HeaderMap, body: &Bytes) -> Plan {
    let mut s = state.shared.lock().expect("fake state lock");
    s.requests.push(RecordedRequest {
        path: path.to_string(),
        headers: headers
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: body.clone(),
    });
    if let Some(f) = s.failures.pop_front() {
        return Plan {
            failure: Some(f),
            injection: None,
        };
    }
    if let Some(i) = s.injections.pop_front() {
        let failure = match i {
            Injection::Status {
                status,
                retry_after,
            } => Some(Failure {
                status,
                retry_after,
                delay: Duration::ZERO,
            }),
            _ => None,
        };
        return Plan {
            failure,
            injection: Some(i),
        };
    }
    let status = headers
        .get("x-fake-status")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u16>().ok());
    let delay = headers
        .get("x-fake-delay-ms")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .map(Duration::from_millis);
    let failure = match (status, delay) {
        (None, None) => None,
        (status, delay) => Some(Failure {
            status: status.unwrap_or(200),
            retry_after: headers
                .get("x-fake-retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse().ok()),
            delay: delay.unwrap_or(Duration::ZERO),
        }),
    };
    Plan {
        failure,
        injection: None,
    }
}

/// Input tokens served from the prompt cache: the system prompt's words when the same system
/// prompt was seen before.
fn cached_tokens(state: &AppState, req: &Value) -> u64 {
    let prefix = prompt_prefix(req);
    if prefix.is_empty() {
        return 0;
    }
    let mut s = state.shared.lock().expect("fake state lock");
    if s.seen_prefixes.contains(&prefix) {
        count_words(&prefix)
    } else {
        s.seen_prefixes.insert(prefix);
        0
    }
}

/// The "quota exhausted" error of each API.
fn quota_exhausted(api: Api) -> Response {
    match api {
        Api::OpenAi => (
            StatusCode::TOO_MANY_REQUESTS,
            axum::Json(json!({"error": {"message": "You exceeded your current quota, please check your plan and billing details.",
                "type": "insufficient_quota", "code": "insufficient_quota"}})),
        )
            .into_response(),
        Api::Anthropic => (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"type": "error", "error": {"type": "invalid_request_error",
                "message": "Your credit balance is too low to access the Anthropic API."}})),
        )
            .into_response(),
    }
}

/// Applies an injected failure; returns a response if the request must fail.
async fn apply_failure(failure: Option<Failure>, api: Api) -> Option<Response> {
    let f = failure?;
    if !f.delay.is_zero() {
        tokio::time::sleep(f.delay).await;
    }
    if f.status == 200 {
        return None;
    }
    let status = StatusCode::from_u16(f.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = match api {
        Api::OpenAi => {
            json!({"error": {"message": "injected failure", "type": "fake_error", "code": f.status}})
        }
        Api::Anthropic => {
            let kind = if f.status == 529 {
                "overloaded_error"
            } else {
                "fake_error"
            };
            json!({"type": "error", "error": {"type": kind, "message": "injected failure"}})
        }
    };
    let mut resp = (status, axum::Json(body)).into_response();
    if let Some(secs) = f.retry_after {
        resp.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    Some(resp)
}

fn bad_request(api: Api, msg: &str) -> Response {
    let body = match api {
        Api::OpenAi => json!({"error": {"message": msg, "type": "invalid_request_error"}}),
        Api::Anthropic => {
            json!({"type": "error", "error": {"type": "invalid_request_error", "message": msg}})
        }
    };
    (StatusCode::BAD_REQUEST, axum::Json(body)).into_response()
}

fn check_model(state: &AppState, body: &Value, api: Api) -> Result<String, Response> {
    let model = body
        .get("model")
        .and_then(Value::as_str)
        .ok_or_else(|| bad_request(api, "missing model"))?;
    if !state.config.models.is_empty() && !state.config.models.iter().any(|m| m == model) {
        let body = match api {
            Api::OpenAi => {
                json!({"error": {"message": format!("The model `{model}` does not exist or you do not have access to it."),
                "type": "invalid_request_error", "code": "model_not_found"}})
            }
            Api::Anthropic => {
                json!({"type": "error", "error": {"type": "not_found_error", "message": format!("model: {model}")}})
            }
        };
        return Err((StatusCode::NOT_FOUND, axum::Json(body)).into_response());
    }
    Ok(model.to_string())
}

async fn models(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let plan = record(&state, "/v1/models", &headers, &Bytes::new());
    if let Some(r) = apply_failure(plan.failure, Api::OpenAi).await {
        return r;
    }
    let data: Vec<Value> = state
        .config
        .models
        .iter()
        .map(|m| json!({"id": m, "object": "model", "created": 0, "owned_by": "fake"}))
        .collect();
    axum::Json(json!({"object": "list", "data": data})).into_response()
}

/// A body that yields `chunks` (with `delay` between them) and then, if `drop_after` is set, an
/// error after that many chunks, which aborts the connection mid-body.
fn chunked_body(chunks: Vec<String>, delay: Duration, drop_after: Option<usize>) -> Body {
    let stream = futures_util::stream::unfold(
        (chunks.into_iter(), 0usize),
        move |(mut it, i)| async move {
            if drop_after == Some(i) {
                return Some((
                    Err(std::io::Error::new(
                        std::io::ErrorKind::ConnectionAborted,
                        "fake: connection dropped",
                    )),
                    (it, usize::MAX),
                ));
            }
            if i == usize::MAX {
                return None;
            }
            let ev = it.next()?;
            if i > 0 && !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            Some((Ok::<_, std::io::Error>(Bytes::from(ev)), (it, i + 1)))
        },
    );
    Body::from_stream(stream)
}

fn sse_response(events: Vec<String>, delay: Duration, drop: bool) -> Response {
    let drop_after = drop.then_some(events.len() / 2);
    let mut resp = Response::new(chunked_body(events, delay, drop_after));
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}

/// A JSON response, or (when `drop`) its first half followed by a dropped connection.
fn json_response(body: Value, drop: bool) -> Response {
    if !drop {
        return axum::Json(body).into_response();
    }
    let text = body.to_string();
    let half = floor_boundary(&text, text.len() / 2);
    let mut resp = Response::new(chunked_body(
        vec![text[..half].to_string()],
        Duration::ZERO,
        Some(1),
    ));
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Splits the reply into stream pieces: words with their following space.
fn pieces(reply: &str) -> Vec<String> {
    let words: Vec<&str> = reply.split(' ').collect();
    let n = words.len();
    words
        .into_iter()
        .enumerate()
        .map(|(i, w)| {
            if i + 1 < n {
                format!("{w} ")
            } else {
                w.to_string()
            }
        })
        .collect()
}

/// The refusal text of injected refusals.
pub const REFUSAL_TEXT: &str = "I can't help with that request.";

/// How an injection shapes a successful reply.
#[derive(Debug)]
struct Shape {
    reply: String,
    refusal: bool,
    drop: bool,
    delay: Duration,
}

fn shape(state: &AppState, reply: String, injection: Option<Injection>) -> Shape {
    let mut out = Shape {
        reply,
        refusal: false,
        drop: false,
        delay: state.config.chunk_delay,
    };
    match injection {
        Some(Injection::MalformedJson) => {
            let cut = floor_boundary(&out.reply, out.reply.len() / 2);
            out.reply = if cut == 0 {
                "{\"truncated\": ".to_string()
            } else {
                out.reply[..cut].to_string()
            };
        }
        Some(Injection::Refusal) => out.refusal = true,
        Some(Injection::SlowStream(d)) => out.delay = d,
        Some(Injection::DropConnection) => out.drop = true,
        Some(Injection::Status { .. } | Injection::QuotaExhausted) | None => {}
    }
    out
}

/// What every completion endpoint does first: count the request in flight, record it, apply an
/// injected failure, parse the body, check the model, and work out the reply.
struct Started {
    _in_flight: InFlight,
    req: Value,
    model: String,
    prompt: u64,
    completion: u64,
    cached: u64,
    sh: Shape,
}

async fn start(
    state: &AppState,
    path: &str,
    headers: &HeaderMap,
    body: &Bytes,
    api: Api,
) -> Result<Started, Response> {
    let in_flight = InFlight::enter(&state.shared);
    let plan = record(state, path, headers, body);
    if let Some(r) = apply_failure(plan.failure, api).await {
        return Err(r);
    }
    if plan.injection == Some(Injection::QuotaExhausted) {
        return Err(quota_exhausted(api));
    }
    let Ok(req) = serde_json::from_slice::<Value>(body) else {
        return Err(bad_request(api, "body is not JSON"));
    };
    let model = check_model(state, &req, api)?;
    let (reply, prompt, completion) = reply_for(&state.config, &req);
    let cached = cached_tokens(state, &req);
    let sh = shape(state, reply, plan.injection);
    Ok(Started {
        _in_flight: in_flight,
        req,
        model,
        prompt,
        completion,
        cached,
        sh,
    })
}

async fn chat(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Started {
        _in_flight,
        req,
        model,
        prompt,
        completion,
        cached,
        sh,
    } = match start(&state, "/v1/chat/completions", &headers, &body, Api::OpenAi).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let usage = json!({"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": cached}});
    let id = "chatcmpl-fake";
    if req.get("stream").and_then(Value::as_bool) == Some(true) {
        let include_usage = req
            .pointer("/stream_options/include_usage")
            .and_then(Value::as_bool)
            == Some(true);
        let mut events = Vec::new();
        let chunk = |delta: Value, finish: Value| {
            let c = json!({"id": id, "object": "chat.completion.chunk", "created": 0, "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]});
            format!("data: {c}\n\n")
        };
        if sh.refusal {
            events.push(chunk(
                json!({"role": "assistant", "content": null, "refusal": REFUSAL_TEXT}),
                Value::Null,
            ));
        } else {
            let mut first = true;
            for p in pieces(&sh.reply) {
                let delta = if first {
                    json!({"role": "assistant", "content": p})
                } else {
                    json!({"content": p})
                };
                first = false;
                events.push(chunk(delta, Value::Null));
            }
        }
        events.push(chunk(json!({}), json!("stop")));
        if include_usage {
            let u = json!({"id": id, "object": "chat.completion.chunk", "created": 0, "model": model,
                "choices": [], "usage": usage});
            events.push(format!("data: {u}\n\n"));
        }
        events.push("data: [DONE]\n\n".to_string());
        return sse_response(events, sh.delay, sh.drop);
    }
    let message = if sh.refusal {
        json!({"role": "assistant", "content": null, "refusal": REFUSAL_TEXT})
    } else {
        json!({"role": "assistant", "content": sh.reply})
    };
    json_response(
        json!({
            "id": id, "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
            "usage": usage,
        }),
        sh.drop,
    )
}

async fn messages(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Started {
        _in_flight,
        req,
        model,
        prompt,
        completion,
        cached,
        sh,
    } = match start(&state, "/v1/messages", &headers, &body, Api::Anthropic).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let id = "msg_fake";
    // A forced tool gets the JSON reply as its input.
    let tool = req
        .get("tool_choice")
        .filter(|c| c.get("type").and_then(Value::as_str) == Some("tool"))
        .and_then(|c| c.get("name"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let tool_input = match (&tool, sh.refusal) {
        (Some(_), false) => serde_json::from_str::<Value>(&sh.reply)
            .ok()
            .filter(Value::is_object),
        _ => None,
    };
    let stop_reason = if sh.refusal {
        "refusal"
    } else if tool_input.is_some() {
        "tool_use"
    } else {
        "end_turn"
    };
    let text = if sh.refusal {
        REFUSAL_TEXT.to_string()
    } else {
        sh.reply.clone()
    };
    let input_usage = json!({"input_tokens": prompt.saturating_sub(cached), "cache_read_input_tokens": cached, "output_tokens": 0});
    if req.get("stream").and_then(Value::as_bool) == Some(true) {
        let ev = |name: &str, data: Value| format!("event: {name}\ndata: {data}\n\n");
        let mut events = vec![ev(
            "message_start",
            json!({"type": "message_start", "message": {"id": id, "type": "message", "role": "assistant",
            "model": model, "content": [], "stop_reason": null, "usage": input_usage}}),
        )];
        match (&tool, &tool_input) {
            (Some(name), Some(_)) => {
                events.push(ev(
                    "content_block_start",
                    json!({"type": "content_block_start", "index": 0,
                        "content_block": {"type": "tool_use", "id": "toolu_fake", "name": name, "input": {}}}),
                ));
                for p in pieces(&sh.reply) {
                    events.push(ev(
                        "content_block_delta",
                        json!({"type": "content_block_delta", "index": 0, "delta": {"type": "input_json_delta", "partial_json": p}}),
                    ));
                }
            }
            _ => {
                events.push(ev(
                    "content_block_start",
                    json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
                ));
                for p in pieces(&text) {
                    events.push(ev(
                        "content_block_delta",
                        json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": p}}),
                    ));
                }
            }
        }
        events.push(ev(
            "content_block_stop",
            json!({"type": "content_block_stop", "index": 0}),
        ));
        events.push(ev(
            "message_delta",
            json!({"type": "message_delta", "delta": {"stop_reason": stop_reason}, "usage": {"output_tokens": completion}}),
        ));
        events.push(ev("message_stop", json!({"type": "message_stop"})));
        return sse_response(events, sh.delay, sh.drop);
    }
    let content = match (&tool, tool_input) {
        (Some(name), Some(input)) => {
            json!([{"type": "tool_use", "id": "toolu_fake", "name": name, "input": input}])
        }
        _ => json!([{"type": "text", "text": text}]),
    };
    json_response(
        json!({
            "id": id, "type": "message", "role": "assistant", "model": model,
            "content": content,
            "stop_reason": stop_reason,
            "usage": {"input_tokens": prompt.saturating_sub(cached), "cache_read_input_tokens": cached, "output_tokens": completion},
        }),
        sh.drop,
    )
}

async fn responses(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Started {
        _in_flight,
        req,
        model,
        prompt,
        completion,
        cached,
        sh,
    } = match start(&state, "/v1/responses", &headers, &body, Api::OpenAi).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let usage = json!({"input_tokens": prompt, "output_tokens": completion, "total_tokens": prompt + completion,
        "input_tokens_details": {"cached_tokens": cached}});
    let content = if sh.refusal {
        json!([{"type": "refusal", "refusal": REFUSAL_TEXT}])
    } else {
        json!([{"type": "output_text", "text": sh.reply, "annotations": []}])
    };
    let response = json!({
        "id": "resp_fake", "object": "response", "created_at": 0, "status": "completed", "model": model,
        "output": [{"type": "message", "id": "msg_fake", "status": "completed", "role": "assistant",
            "content": content}],
        "usage": usage,
    });
    if req.get("stream").and_then(Value::as_bool) == Some(true) {
        let ev = |name: &str, data: Value| format!("event: {name}\ndata: {data}\n\n");
        let mut events = vec![ev(
            "response.created",
            json!({"type": "response.created", "response": {"id": "resp_fake", "status": "in_progress", "model": model}}),
        )];
        if sh.refusal {
            events.push(ev(
                "response.refusal.delta",
                json!({"type": "response.refusal.delta", "output_index": 0, "content_index": 0, "delta": REFUSAL_TEXT}),
            ));
        } else {
            for p in pieces(&sh.reply) {
                events.push(ev(
                    "response.output_text.delta",
                    json!({"type": "response.output_text.delta", "output_index": 0, "content_index": 0, "delta": p}),
                ));
            }
        }
        events.push(ev(
            "response.completed",
            json!({"type": "response.completed", "response": response}),
        ));
        return sse_response(events, sh.delay, sh.drop);
    }
    json_response(response, sh.drop)
}
