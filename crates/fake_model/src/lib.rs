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
//! The reply logic lives in [`reply_for`], a plain function, so that later work (the model pass)
//! can add scripted replies without touching the transport.

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
}

impl Default for FakeConfig {
    fn default() -> Self {
        FakeConfig {
            models: Vec::new(),
            reply: None,
            chunk_delay: Duration::ZERO,
        }
    }
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
    requests: Vec<RecordedRequest>,
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

/// The deterministic reply to a request: `(text, prompt_tokens, completion_tokens)`.
///
/// Tokens are counted as whitespace-separated words of every message's text content (and the
/// Anthropic `system` field), and of the reply.
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
    let reply = match &config.reply {
        Some(r) => r.clone(),
        None => format!("echo: {last_user}"),
    };
    let completion = count_words(&reply);
    (reply, prompt_words, completion)
}

fn content_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(|p| p.get("text").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}

fn count_words(s: &str) -> u64 {
    s.split_whitespace().count() as u64
}

fn record(state: &AppState, path: &str, headers: &HeaderMap, body: &Bytes) -> Option<Failure> {
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
        return Some(f);
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
    match (status, delay) {
        (None, None) => None,
        (status, delay) => Some(Failure {
            status: status.unwrap_or(200),
            retry_after: headers
                .get("x-fake-retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse().ok()),
            delay: delay.unwrap_or(Duration::ZERO),
        }),
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
            json!({"type": "error", "error": {"type": "fake_error", "message": "injected failure"}})
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
        return Err((
            StatusCode::NOT_FOUND,
            axum::Json(json!({"error": {"message": format!("unknown model {model}"), "type": "not_found"}})),
        )
            .into_response());
    }
    Ok(model.to_string())
}

async fn models(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let failure = record(&state, "/v1/models", &headers, &Bytes::new());
    if let Some(r) = apply_failure(failure, Api::OpenAi).await {
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

fn sse_body(events: Vec<String>, delay: Duration) -> Body {
    let stream = futures_util::stream::unfold(
        (events.into_iter(), true),
        move |(mut it, first)| async move {
            let ev = it.next()?;
            if !first && !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            Some((
                Ok::<_, std::convert::Infallible>(Bytes::from(ev)),
                (it, false),
            ))
        },
    );
    Body::from_stream(stream)
}

fn sse_response(events: Vec<String>, delay: Duration) -> Response {
    let mut resp = Response::new(sse_body(events, delay));
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
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

async fn chat(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let failure = record(&state, "/v1/chat/completions", &headers, &body);
    if let Some(r) = apply_failure(failure, Api::OpenAi).await {
        return r;
    }
    let Ok(req) = serde_json::from_slice::<Value>(&body) else {
        return bad_request(Api::OpenAi, "body is not JSON");
    };
    let model = match check_model(&state, &req, Api::OpenAi) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let (reply, prompt, completion) = reply_for(&state.config, &req);
    let usage = json!({"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion});
    let id = "chatcmpl-fake";
    if req.get("stream").and_then(Value::as_bool) == Some(true) {
        let include_usage = req
            .pointer("/stream_options/include_usage")
            .and_then(Value::as_bool)
            == Some(true);
        let mut events = Vec::new();
        let mut first = true;
        for p in pieces(&reply) {
            let delta = if first {
                json!({"role": "assistant", "content": p})
            } else {
                json!({"content": p})
            };
            first = false;
            let chunk = json!({"id": id, "object": "chat.completion.chunk", "created": 0, "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": null}]});
            events.push(format!("data: {chunk}\n\n"));
        }
        let last = json!({"id": id, "object": "chat.completion.chunk", "created": 0, "model": model,
            "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]});
        events.push(format!("data: {last}\n\n"));
        if include_usage {
            let u = json!({"id": id, "object": "chat.completion.chunk", "created": 0, "model": model,
                "choices": [], "usage": usage});
            events.push(format!("data: {u}\n\n"));
        }
        events.push("data: [DONE]\n\n".to_string());
        return sse_response(events, state.config.chunk_delay);
    }
    axum::Json(json!({
        "id": id, "object": "chat.completion", "created": 0, "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": reply}, "finish_reason": "stop"}],
        "usage": usage,
    }))
    .into_response()
}

async fn messages(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let failure = record(&state, "/v1/messages", &headers, &body);
    if let Some(r) = apply_failure(failure, Api::Anthropic).await {
        return r;
    }
    let Ok(req) = serde_json::from_slice::<Value>(&body) else {
        return bad_request(Api::Anthropic, "body is not JSON");
    };
    let model = match check_model(&state, &req, Api::Anthropic) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let (reply, prompt, completion) = reply_for(&state.config, &req);
    let id = "msg_fake";
    if req.get("stream").and_then(Value::as_bool) == Some(true) {
        let ev = |name: &str, data: Value| format!("event: {name}\ndata: {data}\n\n");
        let mut events = vec![
            ev(
                "message_start",
                json!({"type": "message_start", "message": {"id": id, "type": "message", "role": "assistant",
                "model": model, "content": [], "stop_reason": null,
                "usage": {"input_tokens": prompt, "output_tokens": 0}}}),
            ),
            ev(
                "content_block_start",
                json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
            ),
        ];
        for p in pieces(&reply) {
            events.push(ev(
                "content_block_delta",
                json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": p}}),
            ));
        }
        events.push(ev(
            "content_block_stop",
            json!({"type": "content_block_stop", "index": 0}),
        ));
        events.push(ev(
            "message_delta",
            json!({"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": completion}}),
        ));
        events.push(ev("message_stop", json!({"type": "message_stop"})));
        return sse_response(events, state.config.chunk_delay);
    }
    axum::Json(json!({
        "id": id, "type": "message", "role": "assistant", "model": model,
        "content": [{"type": "text", "text": reply}],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": prompt, "output_tokens": completion},
    }))
    .into_response()
}

async fn responses(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let failure = record(&state, "/v1/responses", &headers, &body);
    if let Some(r) = apply_failure(failure, Api::OpenAi).await {
        return r;
    }
    let Ok(req) = serde_json::from_slice::<Value>(&body) else {
        return bad_request(Api::OpenAi, "body is not JSON");
    };
    let model = match check_model(&state, &req, Api::OpenAi) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let (reply, prompt, completion) = reply_for(&state.config, &req);
    let usage = json!({"input_tokens": prompt, "output_tokens": completion, "total_tokens": prompt + completion});
    let response = json!({
        "id": "resp_fake", "object": "response", "created_at": 0, "status": "completed", "model": model,
        "output": [{"type": "message", "id": "msg_fake", "status": "completed", "role": "assistant",
            "content": [{"type": "output_text", "text": reply, "annotations": []}]}],
        "usage": usage,
    });
    if req.get("stream").and_then(Value::as_bool) == Some(true) {
        let ev = |name: &str, data: Value| format!("event: {name}\ndata: {data}\n\n");
        let mut events = vec![ev(
            "response.created",
            json!({"type": "response.created", "response": {"id": "resp_fake", "status": "in_progress", "model": model}}),
        )];
        for p in pieces(&reply) {
            events.push(ev(
                "response.output_text.delta",
                json!({"type": "response.output_text.delta", "output_index": 0, "content_index": 0, "delta": p}),
            ));
        }
        events.push(ev(
            "response.completed",
            json!({"type": "response.completed", "response": response}),
        ));
        return sse_response(events, state.config.chunk_delay);
    }
    axum::Json(response).into_response()
}
