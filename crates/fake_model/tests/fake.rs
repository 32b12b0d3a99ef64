//! The fake server over real HTTP on loopback.

use std::time::{Duration, Instant};

use fake_model::{Failure, FakeConfig, FakeServer};
use serde_json::{Value, json};

fn client() -> reqwest::Client {
    // reqwest is built without a default TLS provider (one provider, ring, workspace-wide).
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

#[tokio::test]
async fn openai_chat_and_models() {
    let s = FakeServer::start(FakeConfig {
        models: vec!["m1".into()],
        ..FakeConfig::default()
    })
    .await
    .unwrap();
    let c = client();
    let v: Value = c
        .get(format!("{}/v1/models", s.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["data"][0]["id"], "m1");
    let v: Value = c
        .post(format!("{}/v1/chat/completions", s.base_url()))
        .json(&json!({"model": "m1", "messages": [{"role": "system", "content": "be nice"}, {"role": "user", "content": "hello big world"}]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        v["choices"][0]["message"]["content"],
        "echo: hello big world"
    );
    assert_eq!(v["usage"]["prompt_tokens"], 5);
    assert_eq!(v["usage"]["completion_tokens"], 4);
    let r = c
        .post(format!("{}/v1/chat/completions", s.base_url()))
        .json(&json!({"model": "other", "messages": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(s.requests().len(), 3);
}

#[tokio::test]
async fn streams_with_usage_and_delay() {
    let s = FakeServer::start(FakeConfig {
        reply: Some("a b c".into()),
        chunk_delay: Duration::from_millis(50),
        ..FakeConfig::default()
    })
    .await
    .unwrap();
    let c = client();
    let t = Instant::now();
    let text = c
        .post(format!("{}/v1/chat/completions", s.base_url()))
        .json(
            &json!({"model": "x", "stream": true, "stream_options": {"include_usage": true},
            "messages": [{"role": "user", "content": "hi"}]}),
        )
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(t.elapsed() >= Duration::from_millis(250));
    let usage: Vec<Value> = text
        .lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .filter_map(|d| serde_json::from_str::<Value>(d).ok())
        .filter_map(|v| v.get("usage").cloned())
        .collect();
    assert_eq!(usage.len(), 1);
    assert_eq!(usage[0]["completion_tokens"], 3);
    assert_eq!(usage[0]["prompt_tokens"], 1);
    assert!(text.ends_with("data: [DONE]\n\n"));
    let text = c
        .post(format!("{}/v1/messages", s.base_url()))
        .json(&json!({"model": "x", "stream": true, "max_tokens": 5, "messages": [{"role": "user", "content": "hi"}]}))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.starts_with("event: message_start\n"));
    assert!(text.contains("\"output_tokens\":3"));
    let text = c
        .post(format!("{}/v1/responses", s.base_url()))
        .json(&json!({"model": "x", "stream": true, "input": "hi there"}))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("event: response.completed"));
    assert!(text.contains("\"input_tokens\":2"));
}

#[tokio::test]
async fn injected_failures() {
    let s = FakeServer::start(FakeConfig::default()).await.unwrap();
    s.fail_next(
        Failure {
            status: 503,
            retry_after: Some(3),
            delay: Duration::ZERO,
        },
        1,
    );
    let c = client();
    let body =
        json!({"model": "x", "max_tokens": 5, "messages": [{"role": "user", "content": "hi"}]});
    let r = c
        .post(format!("{}/v1/messages", s.base_url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 503);
    assert_eq!(r.headers()["retry-after"], "3");
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["type"], "error");
    // Per-request header.
    let r = c
        .post(format!("{}/v1/messages", s.base_url()))
        .header("x-fake-status", "500")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 500);
    // Next one succeeds.
    let r = c
        .post(format!("{}/v1/messages", s.base_url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    s.shutdown().await;
}
