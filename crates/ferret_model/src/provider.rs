//! The provider layer: one structured-output call to an OpenAI Chat Completions, OpenAI Responses
//! or Anthropic Messages endpoint, with streaming, usage accounting, retries and a concurrency
//! limit.
//!
//! A call asks for one JSON document that matches a schema. OpenAI endpoints get
//! `json_schema` structured output in strict mode; Anthropic gets the schema as the input schema
//! of a tool that the request forces. Whatever comes back is parsed leniently (`<think>` blocks
//! and Markdown fences are tolerated) and validated against the schema; a reply that still does
//! not fit gets one repair retry, then the call reports [`Reply::Invalid`]. A refusal is its own
//! outcome. Errors that no retry can fix (unknown or retired model, bad credentials, spend
//! limit) are [`ModelError`]s that the caller treats as fatal.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::sync::Semaphore;

use crate::json::{extract_json, validate};

/// The API style of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApiStyle {
    /// OpenAI Chat Completions (`/v1/chat/completions`).
    OpenAiChat,
    /// OpenAI Responses (`/v1/responses`).
    OpenAiResponses,
    /// Anthropic Messages (`/v1/messages`).
    Anthropic,
}

impl ApiStyle {
    /// The prefix used in `--model PREFIX:NAME`.
    pub fn prefix(self) -> &'static str {
        match self {
            ApiStyle::OpenAiChat => "openai",
            ApiStyle::OpenAiResponses => "openai-responses",
            ApiStyle::Anthropic => "anthropic",
        }
    }

    /// The provider's public base URL.
    pub fn default_base_url(self) -> &'static str {
        match self {
            ApiStyle::OpenAiChat | ApiStyle::OpenAiResponses => "https://api.openai.com/v1",
            ApiStyle::Anthropic => "https://api.anthropic.com/v1",
        }
    }

    fn path(self) -> &'static str {
        match self {
            ApiStyle::OpenAiChat => "chat/completions",
            ApiStyle::OpenAiResponses => "responses",
            ApiStyle::Anthropic => "messages",
        }
    }

    /// The environment variable holding this provider's key (besides `FERRET_MODEL_API_KEY`).
    pub fn key_env(self) -> &'static str {
        match self {
            ApiStyle::OpenAiChat | ApiStyle::OpenAiResponses => "OPENAI_API_KEY",
            ApiStyle::Anthropic => "ANTHROPIC_API_KEY",
        }
    }
}

/// A model: API style and model name, written `openai:NAME`, `openai-responses:NAME` or
/// `anthropic:NAME`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ModelSpec {
    /// The API style.
    pub style: ApiStyle,
    /// The model name as the provider knows it.
    pub name: String,
}

impl FromStr for ModelSpec {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (prefix, name) = s.split_once(':').ok_or_else(|| {
            ModelError::Config(format!(
                "model `{s}` has no provider prefix; write openai:NAME, openai-responses:NAME or anthropic:NAME"
            ))
        })?;
        let style = match prefix {
            "openai" | "openai-chat" => ApiStyle::OpenAiChat,
            "openai-responses" => ApiStyle::OpenAiResponses,
            "anthropic" => ApiStyle::Anthropic,
            other => {
                return Err(ModelError::Config(format!(
                    "unknown provider `{other}` in `{s}`; expected openai, openai-responses or anthropic"
                )));
            }
        };
        if name.trim().is_empty() {
            return Err(ModelError::Config(format!("model `{s}` has an empty name")));
        }
        Ok(ModelSpec {
            style,
            name: name.trim().to_string(),
        })
    }
}

impl fmt::Display for ModelSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.style.prefix(), self.name)
    }
}

/// How to reach a provider and how hard to try.
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    /// Which model.
    pub spec: ModelSpec,
    /// Base URL; `/v1` is added when it is missing.
    pub base_url: String,
    /// The API key, if the endpoint needs one.
    pub api_key: Option<String>,
    /// Extra headers sent with every request.
    pub headers: Vec<(String, String)>,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Retries after the first attempt for retryable failures.
    pub max_retries: u32,
    /// First backoff delay; doubles per retry, with jitter.
    pub backoff_base: Duration,
    /// Longest backoff delay, and the cap on a server's `retry-after`.
    pub backoff_max: Duration,
    /// Limit on one whole request.
    pub request_timeout: Duration,
    /// Limit on the silence between two streamed chunks.
    pub idle_timeout: Duration,
    /// Whether to stream (SSE).
    pub stream: bool,
    /// Output token limit per call.
    pub max_output_tokens: u32,
}

impl ProviderConfig {
    /// Defaults for `spec`: the provider's public URL, 4 concurrent requests, 4 retries.
    pub fn new(spec: ModelSpec) -> ProviderConfig {
        ProviderConfig {
            base_url: spec.style.default_base_url().to_string(),
            spec,
            api_key: None,
            headers: Vec::new(),
            concurrency: 4,
            max_retries: 4,
            backoff_base: Duration::from_millis(500),
            backoff_max: Duration::from_secs(60),
            request_timeout: Duration::from_secs(300),
            idle_timeout: Duration::from_secs(60),
            stream: true,
            max_output_tokens: 2048,
        }
    }

    /// The key from `FERRET_MODEL_API_KEY`, else the provider's own variable.
    pub fn key_from_env(&mut self) {
        self.api_key = std::env::var("FERRET_MODEL_API_KEY")
            .ok()
            .or_else(|| std::env::var(self.spec.style.key_env()).ok())
            .filter(|k| !k.trim().is_empty());
    }

    fn url(&self) -> String {
        let base = self.base_url.trim_end_matches('/');
        if base.ends_with("/v1") {
            format!("{base}/{}", self.spec.style.path())
        } else {
            format!("{base}/v1/{}", self.spec.style.path())
        }
    }
}

/// Errors that end a call (and, for all but [`ModelError::Rejected`] and
/// [`ModelError::Exhausted`], the whole model pass).
#[derive(Debug, Clone, thiserror::Error)]
pub enum ModelError {
    /// A configuration mistake.
    #[error("model configuration: {0}")]
    Config(String),
    /// The endpoint does not know the model, or it was retired.
    #[error(
        "model `{model}` is unknown or retired at {url} ({status}): {detail}. Check --model and --model-base-url"
    )]
    UnknownModel {
        /// The model.
        model: String,
        /// The endpoint.
        url: String,
        /// HTTP status.
        status: u16,
        /// The provider's message.
        detail: String,
    },
    /// The credentials were refused.
    #[error(
        "the endpoint refused the credentials ({status}): {detail}. Set FERRET_MODEL_API_KEY, OPENAI_API_KEY or ANTHROPIC_API_KEY"
    )]
    Auth {
        /// HTTP status.
        status: u16,
        /// The provider's message.
        detail: String,
    },
    /// The account's spend limit or quota is exhausted; retrying cannot help.
    #[error("spend limit reached ({status}): {detail}; not retried")]
    SpendLimit {
        /// HTTP status.
        status: u16,
        /// The provider's message.
        detail: String,
    },
    /// The request was rejected for another reason (not retried).
    #[error("the endpoint rejected the request ({status}): {detail}")]
    Rejected {
        /// HTTP status.
        status: u16,
        /// The provider's message.
        detail: String,
    },
    /// Every attempt failed with a retryable error.
    #[error("gave up after {attempts} attempts; last error: {last}")]
    Exhausted {
        /// Attempts made.
        attempts: u32,
        /// The last failure.
        last: String,
    },
}

impl ModelError {
    /// Whether the error ends the whole pass (rather than one candidate).
    pub fn is_fatal(&self) -> bool {
        matches!(
            self,
            ModelError::Config(_)
                | ModelError::UnknownModel { .. }
                | ModelError::Auth { .. }
                | ModelError::SpendLimit { .. }
        )
    }
}

/// Token use of one call (all attempts and repairs together).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    /// Input tokens, cached ones included.
    pub input: u64,
    /// Output tokens.
    pub output: u64,
    /// Input tokens served from the provider's prompt cache.
    pub cached: u64,
}

impl std::ops::AddAssign for Usage {
    fn add_assign(&mut self, o: Usage) {
        self.input += o.input;
        self.output += o.output;
        self.cached += o.cached;
    }
}

/// One structured-output request.
#[derive(Debug, Clone)]
pub struct StructuredRequest {
    /// The stable system prompt (sent first, so providers can cache it).
    pub system: String,
    /// The variable part.
    pub user: String,
    /// Name of the schema (and of the Anthropic tool).
    pub schema_name: String,
    /// JSON schema of the answer (OpenAI strict-mode compatible).
    pub schema: Value,
}

/// What a call produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// A document that matches the schema.
    Json(Value),
    /// The model declined to answer.
    Refusal(String),
    /// No valid document, even after the repair retry.
    Invalid {
        /// The last raw reply.
        raw: String,
        /// Why it does not fit.
        reason: String,
    },
}

/// A finished call.
#[derive(Debug, Clone)]
pub struct Completion {
    /// The outcome.
    pub reply: Reply,
    /// Tokens used.
    pub usage: Usage,
    /// HTTP attempts made (retries and the repair call included).
    pub attempts: u32,
    /// Wall time of the call.
    pub latency: Duration,
}

/// A provider endpoint with its HTTP client and concurrency limit.
#[derive(Debug, Clone)]
pub struct Provider {
    cfg: Arc<ProviderConfig>,
    http: reqwest::Client,
    limit: Arc<Semaphore>,
}

/// The raw content of one successful HTTP exchange.
#[derive(Debug, Default)]
struct RawReply {
    text: String,
    tool_input: Option<Value>,
    refusal: Option<String>,
    usage: Usage,
}

/// A failure of one HTTP attempt.
#[derive(Debug)]
enum AttemptError {
    Fatal(ModelError),
    Retry {
        why: String,
        after: Option<Duration>,
    },
}

impl Provider {
    /// A provider for `cfg`.
    pub fn new(cfg: ProviderConfig) -> Result<Provider, ModelError> {
        if cfg.concurrency == 0 {
            return Err(ModelError::Config("concurrency must be at least 1".into()));
        }
        // reqwest is built without a TLS provider of its own; Ferret uses ring everywhere.
        // Installing fails harmlessly when a provider is already in place.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| ModelError::Config(format!("HTTP client: {e}")))?;
        Ok(Provider {
            limit: Arc::new(Semaphore::new(cfg.concurrency)),
            cfg: Arc::new(cfg),
            http,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &ProviderConfig {
        &self.cfg
    }

    /// Runs one structured-output call: retries, then one repair retry for an invalid document.
    pub async fn complete(&self, req: &StructuredRequest) -> Result<Completion, ModelError> {
        let _permit = self
            .limit
            .acquire()
            .await
            .map_err(|_| ModelError::Config("provider closed".into()))?;
        let started = Instant::now();
        let mut usage = Usage::default();
        let mut attempts = 0u32;
        let mut repair: Option<(String, String)> = None;
        loop {
            let body = self.body(req, repair.as_ref());
            let raw = self.send(&body, &mut attempts).await?;
            usage += raw.usage;
            if let Some(r) = raw.refusal {
                return Ok(Completion {
                    reply: Reply::Refusal(r),
                    usage,
                    attempts,
                    latency: started.elapsed(),
                });
            }
            let parsed = match raw.tool_input {
                Some(v) => Ok(v),
                None => extract_json(&raw.text),
            };
            let checked = parsed.and_then(|v| validate(&req.schema, &v).map(|()| v));
            match checked {
                Ok(v) => {
                    return Ok(Completion {
                        reply: Reply::Json(v),
                        usage,
                        attempts,
                        latency: started.elapsed(),
                    });
                }
                Err(reason) if repair.is_none() => {
                    let raw_text = if raw.text.is_empty() {
                        "(empty reply)".to_string()
                    } else {
                        raw.text
                    };
                    repair = Some((raw_text, reason));
                }
                Err(reason) => {
                    return Ok(Completion {
                        reply: Reply::Invalid {
                            raw: raw.text,
                            reason,
                        },
                        usage,
                        attempts,
                        latency: started.elapsed(),
                    });
                }
            }
        }
    }

    /// The request body for the configured API style. A repair turn replays the invalid reply
    /// and says what is wrong with it.
    fn body(&self, req: &StructuredRequest, repair: Option<&(String, String)>) -> Value {
        let c = &self.cfg;
        let repair_note = |reason: &str| {
            format!(
                "Your previous reply was not a valid `{}` document: {reason}. Reply again with only the JSON document, nothing else.",
                req.schema_name
            )
        };
        match c.spec.style {
            ApiStyle::OpenAiChat => {
                let mut messages = vec![
                    json!({"role": "system", "content": req.system}),
                    json!({"role": "user", "content": req.user}),
                ];
                if let Some((raw, reason)) = repair {
                    messages.push(json!({"role": "assistant", "content": raw}));
                    messages.push(json!({"role": "user", "content": repair_note(reason)}));
                }
                let mut body = json!({
                    "model": c.spec.name,
                    "messages": messages,
                    "max_completion_tokens": c.max_output_tokens,
                    "response_format": {"type": "json_schema", "json_schema": {
                        "name": req.schema_name, "strict": true, "schema": req.schema}},
                });
                if c.stream {
                    body["stream"] = json!(true);
                    body["stream_options"] = json!({"include_usage": true});
                }
                body
            }
            ApiStyle::OpenAiResponses => {
                let mut input = vec![json!({"role": "user", "content": req.user})];
                if let Some((raw, reason)) = repair {
                    input.push(json!({"role": "assistant", "content": raw}));
                    input.push(json!({"role": "user", "content": repair_note(reason)}));
                }
                json!({
                    "model": c.spec.name,
                    "instructions": req.system,
                    "input": input,
                    "max_output_tokens": c.max_output_tokens,
                    "stream": c.stream,
                    "text": {"format": {"type": "json_schema", "name": req.schema_name,
                        "strict": true, "schema": req.schema}},
                })
            }
            ApiStyle::Anthropic => {
                let mut messages = vec![json!({"role": "user", "content": req.user})];
                if let Some((raw, reason)) = repair {
                    messages.push(json!({"role": "assistant", "content": raw}));
                    messages.push(json!({"role": "user", "content": repair_note(reason)}));
                }
                json!({
                    "model": c.spec.name,
                    "max_tokens": c.max_output_tokens,
                    "system": [{"type": "text", "text": req.system,
                        "cache_control": {"type": "ephemeral"}}],
                    "messages": messages,
                    "tools": [{"name": req.schema_name,
                        "description": "Record the answer. Call this exactly once.",
                        "input_schema": req.schema}],
                    "tool_choice": {"type": "tool", "name": req.schema_name},
                    "stream": c.stream,
                })
            }
        }
    }

    /// Sends `body`, retrying retryable failures with jittered exponential backoff.
    async fn send(&self, body: &Value, attempts: &mut u32) -> Result<RawReply, ModelError> {
        let mut tries = 0u32;
        loop {
            tries += 1;
            *attempts += 1;
            let outcome = tokio::time::timeout(self.cfg.request_timeout, self.attempt(body))
                .await
                .unwrap_or_else(|_| {
                    Err(AttemptError::Retry {
                        why: format!("no complete reply within {:?}", self.cfg.request_timeout),
                        after: None,
                    })
                });
            match outcome {
                Ok(raw) => return Ok(raw),
                Err(AttemptError::Fatal(e)) => return Err(e),
                Err(AttemptError::Retry { why, after }) => {
                    if tries > self.cfg.max_retries {
                        return Err(ModelError::Exhausted {
                            attempts: tries,
                            last: why,
                        });
                    }
                    let delay = match after {
                        Some(d) => d.min(self.cfg.backoff_max),
                        None => backoff(
                            self.cfg.backoff_base,
                            self.cfg.backoff_max,
                            tries,
                            *attempts,
                        ),
                    };
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }

    async fn attempt(&self, body: &Value) -> Result<RawReply, AttemptError> {
        let c = &self.cfg;
        let url = c.url();
        let mut rb = self.http.post(&url).json(body);
        if let Some(key) = &c.api_key {
            rb = match c.spec.style {
                ApiStyle::Anthropic => rb.header("x-api-key", key),
                _ => rb.bearer_auth(key),
            };
        }
        if c.spec.style == ApiStyle::Anthropic {
            rb = rb.header("anthropic-version", "2023-06-01");
        }
        for (k, v) in &c.headers {
            rb = rb.header(k, v);
        }
        let resp = rb.send().await.map_err(|e| AttemptError::Retry {
            why: format!("request to {url} failed: {e}"),
            after: None,
        })?;
        let status = resp.status();
        if !status.is_success() {
            let headers = resp.headers().clone();
            let text = resp.text().await.unwrap_or_default();
            return Err(classify(status, &headers, &text, &c.spec, &url));
        }
        let is_sse = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/event-stream"));
        if is_sse {
            self.read_stream(resp).await
        } else {
            let bytes = resp.bytes().await.map_err(|e| AttemptError::Retry {
                why: format!("reading the reply failed: {e}"),
                after: None,
            })?;
            let v: Value = serde_json::from_slice(&bytes).map_err(|e| AttemptError::Retry {
                why: format!("the reply body is not JSON: {e}"),
                after: None,
            })?;
            Ok(parse_whole(c.spec.style, &v))
        }
    }

    async fn read_stream(&self, resp: reqwest::Response) -> Result<RawReply, AttemptError> {
        let style = self.cfg.spec.style;
        let mut stream = resp.bytes_stream();
        let mut buf: Vec<u8> = Vec::new();
        let mut acc = StreamAcc::default();
        loop {
            let next = tokio::time::timeout(self.cfg.idle_timeout, stream.next())
                .await
                .map_err(|_| AttemptError::Retry {
                    why: format!("the stream stalled for {:?}", self.cfg.idle_timeout),
                    after: None,
                })?;
            let Some(chunk) = next else { break };
            let chunk = chunk.map_err(|e| AttemptError::Retry {
                why: format!("the stream broke off: {e}"),
                after: None,
            })?;
            buf.extend_from_slice(&chunk);
            while let Some((event, rest)) = split_event(&buf) {
                acc.event(style, &event);
                buf = rest;
            }
            if acc.done {
                break;
            }
        }
        if !acc.done {
            return Err(AttemptError::Retry {
                why: "the stream ended before its final event".into(),
                after: None,
            });
        }
        Ok(acc.finish())
    }
}

/// Splits the first complete SSE event off `buf`: `(data, rest)`.
fn split_event(buf: &[u8]) -> Option<(String, Vec<u8>)> {
    let mut i = 0;
    while i < buf.len() {
        if buf[i] == b'\n' {
            let next = &buf[i + 1..];
            if next.first() == Some(&b'\n') {
                return Some((lossy(&buf[..i]), next[1..].to_vec()));
            }
            if next.starts_with(b"\r\n") {
                return Some((lossy(&buf[..i]), next[2..].to_vec()));
            }
        }
        i += 1;
    }
    None
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Accumulates a streamed reply.
#[derive(Debug, Default)]
struct StreamAcc {
    raw: RawReply,
    tool_json: String,
    saw_tool: bool,
    done: bool,
}

impl StreamAcc {
    fn event(&mut self, style: ApiStyle, event: &str) {
        let mut data = String::new();
        for line in event.lines() {
            let line = line.trim_end_matches('\r');
            if let Some(d) = line.strip_prefix("data:") {
                if !data.is_empty() {
                    data.push('\n');
                }
                data.push_str(d.strip_prefix(' ').unwrap_or(d));
            }
        }
        if data.is_empty() {
            return;
        }
        if data == "[DONE]" {
            self.done = true;
            return;
        }
        let Ok(v) = serde_json::from_str::<Value>(&data) else {
            return;
        };
        match style {
            ApiStyle::OpenAiChat => {
                if let Some(choice) = v.pointer("/choices/0") {
                    if let Some(t) = choice.pointer("/delta/content").and_then(Value::as_str) {
                        self.raw.text.push_str(t);
                    }
                    if let Some(r) = choice.pointer("/delta/refusal").and_then(Value::as_str) {
                        self.raw.refusal.get_or_insert_with(String::new).push_str(r);
                    }
                    if choice.get("finish_reason").and_then(Value::as_str) == Some("content_filter")
                    {
                        self.raw
                            .refusal
                            .get_or_insert_with(|| "blocked by the content filter".into());
                    }
                }
                if let Some(u) = v.get("usage").filter(|u| u.is_object()) {
                    self.raw.usage = openai_usage(u);
                }
            }
            ApiStyle::OpenAiResponses => match v.get("type").and_then(Value::as_str) {
                Some("response.output_text.delta") => {
                    if let Some(t) = v.get("delta").and_then(Value::as_str) {
                        self.raw.text.push_str(t);
                    }
                }
                Some("response.refusal.delta") => {
                    if let Some(t) = v.get("delta").and_then(Value::as_str) {
                        self.raw.refusal.get_or_insert_with(String::new).push_str(t);
                    }
                }
                Some("response.completed" | "response.incomplete" | "response.failed") => {
                    if let Some(r) = v.get("response") {
                        let whole = parse_whole(ApiStyle::OpenAiResponses, r);
                        self.raw.usage = whole.usage;
                        if self.raw.text.is_empty() {
                            self.raw.text = whole.text;
                        }
                        if self.raw.refusal.is_none() {
                            self.raw.refusal = whole.refusal;
                        }
                    }
                    self.done = true;
                }
                _ => {}
            },
            ApiStyle::Anthropic => match v.get("type").and_then(Value::as_str) {
                Some("message_start") => {
                    if let Some(u) = v.pointer("/message/usage") {
                        let u = anthropic_usage(u);
                        self.raw.usage.input = u.input;
                        self.raw.usage.cached = u.cached;
                    }
                }
                Some("content_block_start")
                    if v.pointer("/content_block/type").and_then(Value::as_str)
                        == Some("tool_use") =>
                {
                    self.saw_tool = true;
                }
                Some("content_block_delta") => match v
                    .pointer("/delta/type")
                    .and_then(Value::as_str)
                {
                    Some("input_json_delta") => {
                        if let Some(p) = v.pointer("/delta/partial_json").and_then(Value::as_str) {
                            self.tool_json.push_str(p);
                        }
                    }
                    Some("text_delta") => {
                        if let Some(t) = v.pointer("/delta/text").and_then(Value::as_str) {
                            self.raw.text.push_str(t);
                        }
                    }
                    _ => {}
                },
                Some("message_delta") => {
                    if let Some(o) = v.pointer("/usage/output_tokens").and_then(Value::as_u64) {
                        self.raw.usage.output = o;
                    }
                    if v.pointer("/delta/stop_reason").and_then(Value::as_str) == Some("refusal") {
                        self.raw.refusal = Some(if self.raw.text.is_empty() {
                            "the model refused".into()
                        } else {
                            self.raw.text.clone()
                        });
                    }
                }
                Some("message_stop") => self.done = true,
                Some("error") => {
                    // An error event mid-stream (e.g. overloaded): the stream is not done, so
                    // the attempt is retried.
                }
                _ => {}
            },
        }
    }

    fn finish(mut self) -> RawReply {
        if self.saw_tool {
            match serde_json::from_str::<Value>(&self.tool_json) {
                Ok(v) => self.raw.tool_input = Some(v),
                Err(_) => self.raw.text = std::mem::take(&mut self.tool_json),
            }
        }
        self.raw
    }
}

fn openai_usage(u: &Value) -> Usage {
    let get = |p: &str| u.pointer(p).and_then(Value::as_u64).unwrap_or(0);
    // Chat Completions and Responses name the fields differently.
    Usage {
        input: get("/prompt_tokens") + get("/input_tokens"),
        output: get("/completion_tokens") + get("/output_tokens"),
        cached: get("/prompt_tokens_details/cached_tokens")
            + get("/input_tokens_details/cached_tokens"),
    }
}

fn anthropic_usage(u: &Value) -> Usage {
    let get = |p: &str| u.pointer(p).and_then(Value::as_u64).unwrap_or(0);
    let cached = get("/cache_read_input_tokens");
    Usage {
        input: get("/input_tokens") + cached + get("/cache_creation_input_tokens"),
        output: get("/output_tokens"),
        cached,
    }
}

/// Reads a non-streamed reply body.
fn parse_whole(style: ApiStyle, v: &Value) -> RawReply {
    let mut raw = RawReply::default();
    match style {
        ApiStyle::OpenAiChat => {
            if let Some(m) = v.pointer("/choices/0/message") {
                raw.text = m
                    .get("content")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                raw.refusal = m.get("refusal").and_then(Value::as_str).map(str::to_string);
            }
            if v.pointer("/choices/0/finish_reason")
                .and_then(Value::as_str)
                == Some("content_filter")
            {
                raw.refusal
                    .get_or_insert_with(|| "blocked by the content filter".into());
            }
            if let Some(u) = v.get("usage") {
                raw.usage = openai_usage(u);
            }
        }
        ApiStyle::OpenAiResponses => {
            for item in v
                .get("output")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                for part in item
                    .get("content")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    match part.get("type").and_then(Value::as_str) {
                        Some("output_text") => {
                            raw.text
                                .push_str(part.get("text").and_then(Value::as_str).unwrap_or(""));
                        }
                        Some("refusal") => {
                            raw.refusal = Some(
                                part.get("refusal")
                                    .and_then(Value::as_str)
                                    .unwrap_or("the model refused")
                                    .to_string(),
                            );
                        }
                        _ => {}
                    }
                }
            }
            if let Some(u) = v.get("usage") {
                raw.usage = openai_usage(u);
            }
        }
        ApiStyle::Anthropic => {
            for block in v
                .get("content")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                match block.get("type").and_then(Value::as_str) {
                    Some("tool_use") => raw.tool_input = block.get("input").cloned(),
                    Some("text") => {
                        raw.text
                            .push_str(block.get("text").and_then(Value::as_str).unwrap_or(""));
                    }
                    _ => {}
                }
            }
            if v.get("stop_reason").and_then(Value::as_str) == Some("refusal") {
                raw.refusal = Some(if raw.text.is_empty() {
                    "the model refused".into()
                } else {
                    raw.text.clone()
                });
            }
            if let Some(u) = v.get("usage") {
                raw.usage = anthropic_usage(u);
            }
        }
    }
    raw
}

/// The provider's error message from an error body, whatever its shape.
fn error_detail(text: &str) -> (String, String) {
    let v: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let message = v
        .pointer("/error/message")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| text.chars().take(300).collect());
    let code = ["/error/code", "/error/type", "/type"]
        .iter()
        .filter_map(|p| v.pointer(p))
        .map(|c| match c {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ");
    (message, code)
}

/// Decides what an error status means: retry (and when), or stop.
fn classify(
    status: StatusCode,
    headers: &HeaderMap,
    body: &str,
    spec: &ModelSpec,
    url: &str,
) -> AttemptError {
    let (detail, code) = error_detail(body);
    let code_l = code.to_ascii_lowercase();
    let detail_l = detail.to_ascii_lowercase();
    let spend = code_l.contains("insufficient_quota")
        || code_l.contains("billing")
        || detail_l.contains("credit balance")
        || detail_l.contains("spend limit")
        || detail_l.contains("exceeded your current quota");
    let s = status.as_u16();
    if spend && matches!(s, 400 | 402 | 403 | 429) {
        return AttemptError::Fatal(ModelError::SpendLimit { status: s, detail });
    }
    match s {
        401 | 403 => AttemptError::Fatal(ModelError::Auth { status: s, detail }),
        404 | 410 => AttemptError::Fatal(ModelError::UnknownModel {
            model: spec.name.clone(),
            url: url.to_string(),
            status: s,
            detail,
        }),
        400 if code_l.contains("model_not_found") || detail_l.contains("does not exist") => {
            AttemptError::Fatal(ModelError::UnknownModel {
                model: spec.name.clone(),
                url: url.to_string(),
                status: s,
                detail,
            })
        }
        408 | 409 | 429 | 500..=599 => AttemptError::Retry {
            why: format!("{s}: {detail}"),
            after: retry_after(headers),
        },
        _ => AttemptError::Fatal(ModelError::Rejected { status: s, detail }),
    }
}

/// The wait a server asked for: `retry-after-ms`, `retry-after` (seconds), then the rate-limit
/// reset headers (`x-ratelimit-reset-requests` / `-tokens` durations such as `1s` or `6m0s`,
/// `anthropic-ratelimit-*-reset` timestamps are left to the backoff).
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(ms) = get("retry-after-ms").and_then(|v| v.trim().parse::<f64>().ok()) {
        return Some(Duration::from_secs_f64(ms.max(0.0) / 1000.0));
    }
    if let Some(secs) = get("retry-after").and_then(|v| v.trim().parse::<f64>().ok()) {
        return Some(Duration::from_secs_f64(secs.max(0.0)));
    }
    ["x-ratelimit-reset-requests", "x-ratelimit-reset-tokens"]
        .iter()
        .filter_map(|h| get(h))
        .filter_map(parse_go_duration)
        .max()
}

/// Parses durations like `1s`, `250ms`, `6m0s`, `1h2m3.5s`.
fn parse_go_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let mut total = 0f64;
    let mut num = String::new();
    let mut chars = s.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() || c == '.' {
            num.push(c);
            continue;
        }
        let n: f64 = num.parse().ok()?;
        num.clear();
        let unit = match c {
            'h' => 3600.0,
            'm' if chars.peek() == Some(&'s') => {
                chars.next();
                0.001
            }
            'm' => 60.0,
            's' => 1.0,
            _ => return None,
        };
        total += n * unit;
        any = true;
    }
    if !num.is_empty() {
        return None;
    }
    any.then(|| Duration::from_secs_f64(total))
}

/// Exponential backoff with jitter in [50%, 100%] of the step.
fn backoff(base: Duration, max: Duration, tries: u32, salt: u32) -> Duration {
    let step = base
        .saturating_mul(1u32 << tries.saturating_sub(1).min(16))
        .min(max);
    let seed = blake3::hash(
        format!(
            "{salt}:{tries}:{:?}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
        )
        .as_bytes(),
    );
    let r = u16::from_le_bytes([seed.as_bytes()[0], seed.as_bytes()[1]]) as f64 / 65535.0;
    step.mul_f64(0.5 + 0.5 * r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_specs_parse() {
        let m: ModelSpec = "anthropic:claude-x".parse().unwrap();
        assert_eq!(m.style, ApiStyle::Anthropic);
        assert_eq!(m.to_string(), "anthropic:claude-x");
        assert_eq!(
            "openai-responses:o9".parse::<ModelSpec>().unwrap().style,
            ApiStyle::OpenAiResponses
        );
        assert!("gpt".parse::<ModelSpec>().is_err());
        assert!("mistral:x".parse::<ModelSpec>().is_err());
        assert!("openai: ".parse::<ModelSpec>().is_err());
    }

    #[test]
    fn urls_get_v1_once() {
        let mut c = ProviderConfig::new("openai:m".parse().unwrap());
        c.base_url = "http://127.0.0.1:9/".into();
        assert_eq!(c.url(), "http://127.0.0.1:9/v1/chat/completions");
        c.base_url = "https://api.openai.com/v1".into();
        assert_eq!(c.url(), "https://api.openai.com/v1/chat/completions");
        let a = ProviderConfig::new("anthropic:m".parse().unwrap());
        assert_eq!(a.url(), "https://api.anthropic.com/v1/messages");
    }

    #[test]
    fn rate_limit_headers_are_honoured() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", "7".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        h.insert("retry-after-ms", "250".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_millis(250)));
        let mut h = HeaderMap::new();
        h.insert("x-ratelimit-reset-requests", "1s".parse().unwrap());
        h.insert("x-ratelimit-reset-tokens", "6m0s".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(360)));
        assert_eq!(parse_go_duration("20ms"), Some(Duration::from_millis(20)));
        assert_eq!(parse_go_duration("1h"), Some(Duration::from_secs(3600)));
        assert_eq!(parse_go_duration("soon"), None);
    }

    #[test]
    fn errors_are_classified() {
        let spec: ModelSpec = "openai:m".parse().unwrap();
        let h = HeaderMap::new();
        let quota = r#"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}"#;
        assert!(matches!(
            classify(StatusCode::TOO_MANY_REQUESTS, &h, quota, &spec, "u"),
            AttemptError::Fatal(ModelError::SpendLimit { status: 429, .. })
        ));
        assert!(matches!(
            classify(StatusCode::TOO_MANY_REQUESTS, &h, "{}", &spec, "u"),
            AttemptError::Retry { .. }
        ));
        assert!(matches!(
            classify(StatusCode::from_u16(529).unwrap(), &h, "{}", &spec, "u"),
            AttemptError::Retry { .. }
        ));
        assert!(matches!(
            classify(StatusCode::NOT_FOUND, &h, "{}", &spec, "u"),
            AttemptError::Fatal(ModelError::UnknownModel { .. })
        ));
        assert!(matches!(
            classify(StatusCode::UNAUTHORIZED, &h, "{}", &spec, "u"),
            AttemptError::Fatal(ModelError::Auth { .. })
        ));
        let credit = r#"{"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low"}}"#;
        assert!(matches!(
            classify(StatusCode::BAD_REQUEST, &h, credit, &spec, "u"),
            AttemptError::Fatal(ModelError::SpendLimit { .. })
        ));
        assert!(matches!(
            classify(StatusCode::BAD_REQUEST, &h, "{}", &spec, "u"),
            AttemptError::Fatal(ModelError::Rejected { .. })
        ));
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let b = Duration::from_millis(100);
        let m = Duration::from_secs(1);
        let d1 = backoff(b, m, 1, 0);
        assert!(d1 >= Duration::from_millis(50) && d1 <= b);
        let d9 = backoff(b, m, 9, 0);
        assert!(d9 >= Duration::from_millis(500) && d9 <= m);
    }

    #[test]
    fn sse_events_split_on_blank_lines() {
        let (e, rest) = split_event(b"event: a\ndata: 1\n\ndata: 2\r\n\r\n").unwrap();
        assert_eq!(e, "event: a\ndata: 1");
        let (e2, rest2) = split_event(&rest).unwrap();
        assert_eq!(e2, "data: 2\r");
        assert!(rest2.is_empty());
        assert!(split_event(b"data: partial").is_none());
    }
}
