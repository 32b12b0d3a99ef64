//! The provider layer against `fake_model` on loopback: every API style, streamed and not, and
//! every failure the fake can inject.

use std::time::Duration;

use fake_model::{FakeConfig, FakeServer, Fixture, Injection};
use ferret_model::provider::{Reply, StructuredRequest};
use ferret_model::{ApiStyle, ModelError, Provider, ProviderConfig};
use serde_json::{Value, json};

const STYLES: [&str; 3] = ["openai:m1", "openai-responses:m1", "anthropic:m1"];

fn init() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

fn schema() -> Value {
    json!({
        "type": "object", "additionalProperties": false,
        "required": ["verdict", "confidence"],
        "properties": {
            "verdict": {"type": "string", "enum": ["true_positive", "false_positive"]},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1}
        }
    })
}

fn request(user: &str) -> StructuredRequest {
    StructuredRequest {
        system: "You are a careful reviewer of code.".into(),
        user: user.into(),
        schema_name: "answer".into(),
        schema: schema(),
    }
}

const GOOD: &str = r#"{"verdict": "true_positive", "confidence": 0.9}"#;

async fn fake(reply: &str) -> FakeServer {
    FakeServer::start(FakeConfig {
        models: vec!["m1".into()],
        fixtures: vec![Fixture::new("case", reply)],
        ..FakeConfig::default()
    })
    .await
    .unwrap()
}

fn provider(spec: &str, fake: &FakeServer, stream: bool) -> Provider {
    let mut c = ProviderConfig::new(spec.parse().unwrap());
    c.base_url = fake.base_url();
    c.api_key = Some("test-key".into());
    c.stream = stream;
    c.backoff_base = Duration::from_millis(10);
    c.backoff_max = Duration::from_millis(50);
    c.idle_timeout = Duration::from_millis(400);
    Provider::new(c).unwrap()
}

#[tokio::test]
async fn every_style_streamed_or_not_returns_the_document_and_usage() {
    init();
    for spec in STYLES {
        for stream in [false, true] {
            let f = fake(GOOD).await;
            let p = provider(spec, &f, stream);
            let c = p.complete(&request("case one")).await.unwrap();
            assert_eq!(
                c.reply,
                Reply::Json(json!({"verdict": "true_positive", "confidence": 0.9})),
                "{spec} stream={stream}"
            );
            assert_eq!(c.attempts, 1);
            // Prompt: 7 system words + 2 user words; reply: 4 words.
            assert_eq!(c.usage.input, 9, "{spec} stream={stream}");
            assert_eq!(c.usage.output, 4, "{spec} stream={stream}");
            assert_eq!(c.usage.cached, 0);
            // The same system prompt again is served from the provider's prompt cache.
            let again = p.complete(&request("case two")).await.unwrap();
            assert_eq!(again.usage.cached, 7, "{spec} stream={stream}");
            // What went over the wire: the structured-output shape of each API.
            let reqs = f.requests();
            let body: Value = serde_json::from_slice(&reqs[0].body).unwrap();
            match p.config().spec.style {
                ApiStyle::OpenAiChat => {
                    assert_eq!(body["response_format"]["type"], "json_schema");
                    assert_eq!(body["response_format"]["json_schema"]["strict"], true);
                    assert_eq!(body["messages"][0]["role"], "system");
                    let auth = reqs[0].headers.iter().find(|(k, _)| k == "authorization");
                    assert_eq!(auth.unwrap().1, "Bearer test-key");
                }
                ApiStyle::OpenAiResponses => {
                    assert_eq!(body["text"]["format"]["type"], "json_schema");
                    assert_eq!(body["instructions"], "You are a careful reviewer of code.");
                }
                ApiStyle::Anthropic => {
                    assert_eq!(body["tool_choice"]["type"], "tool");
                    assert_eq!(body["tools"][0]["input_schema"], schema());
                    assert_eq!(body["system"][0]["cache_control"]["type"], "ephemeral");
                    let key = reqs[0].headers.iter().find(|(k, _)| k == "x-api-key");
                    assert_eq!(key.unwrap().1, "test-key");
                }
            }
        }
    }
}

#[tokio::test]
async fn think_blocks_and_fences_are_tolerated() {
    init();
    let wrapped = format!("<think>Let me look.</think>\n```json\n{GOOD}\n```");
    for spec in ["openai:m1", "openai-responses:m1"] {
        let f = fake(&wrapped).await;
        let c = provider(spec, &f, false)
            .complete(&request("case"))
            .await
            .unwrap();
        assert!(matches!(c.reply, Reply::Json(_)), "{spec}: {:?}", c.reply);
        assert_eq!(c.attempts, 1);
    }
}

#[tokio::test]
async fn rate_limits_overload_and_server_errors_are_retried() {
    init();
    for spec in STYLES {
        for status in [429u16, 529, 500, 503] {
            let f = fake(GOOD).await;
            f.inject_next(
                Injection::Status {
                    status,
                    retry_after: Some(0),
                },
                2,
            );
            let c = provider(spec, &f, true)
                .complete(&request("case"))
                .await
                .unwrap();
            assert!(matches!(c.reply, Reply::Json(_)), "{spec} {status}");
            assert_eq!(c.attempts, 3, "{spec} {status}");
            assert_eq!(f.requests().len(), 3);
        }
    }
}

#[tokio::test]
async fn retries_give_up_after_the_limit() {
    init();
    let f = fake(GOOD).await;
    f.inject_next(
        Injection::Status {
            status: 529,
            retry_after: None,
        },
        10,
    );
    let err = provider("anthropic:m1", &f, false)
        .complete(&request("case"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ModelError::Exhausted { attempts: 5, .. }),
        "{err}"
    );
    assert!(!err.is_fatal());
    assert_eq!(f.requests().len(), 5);
}

#[tokio::test]
async fn spend_limits_are_not_retried() {
    init();
    for spec in STYLES {
        let f = fake(GOOD).await;
        f.inject_next(Injection::QuotaExhausted, 1);
        let err = provider(spec, &f, false)
            .complete(&request("case"))
            .await
            .unwrap_err();
        assert!(
            matches!(err, ModelError::SpendLimit { .. }),
            "{spec}: {err}"
        );
        assert!(err.is_fatal());
        assert_eq!(f.requests().len(), 1, "{spec}");
    }
}

#[tokio::test]
async fn an_unknown_model_is_a_hard_error() {
    init();
    let f = fake(GOOD).await;
    for spec in [
        "openai:retired-1",
        "openai-responses:retired-1",
        "anthropic:retired-1",
    ] {
        let err = provider(spec, &f, false)
            .complete(&request("case"))
            .await
            .unwrap_err();
        assert!(err.is_fatal(), "{spec}");
        let msg = err.to_string();
        assert!(
            msg.contains("retired-1") && msg.contains("unknown or retired"),
            "{msg}"
        );
    }
}

#[tokio::test]
async fn malformed_json_gets_one_repair_then_is_invalid() {
    init();
    for spec in STYLES {
        for stream in [false, true] {
            // One malformed reply: the repair call fixes it.
            let f = fake(GOOD).await;
            f.inject_next(Injection::MalformedJson, 1);
            let c = provider(spec, &f, stream)
                .complete(&request("case"))
                .await
                .unwrap();
            assert!(matches!(c.reply, Reply::Json(_)), "{spec}: {:?}", c.reply);
            assert_eq!(c.attempts, 2);
            let repair: Value = serde_json::from_slice(&f.requests()[1].body).unwrap();
            assert!(
                repair
                    .to_string()
                    .contains("was not a valid `answer` document"),
                "{repair}"
            );
            // Two malformed replies: the call reports an invalid answer.
            let f = fake(GOOD).await;
            f.inject_next(Injection::MalformedJson, 2);
            let c = provider(spec, &f, stream)
                .complete(&request("case"))
                .await
                .unwrap();
            assert!(
                matches!(c.reply, Reply::Invalid { .. }),
                "{spec}: {:?}",
                c.reply
            );
            assert_eq!(f.requests().len(), 2);
        }
    }
}

#[tokio::test]
async fn a_document_off_the_schema_is_repaired_too() {
    init();
    let f = fake(r#"{"verdict": "maybe", "confidence": 0.9}"#).await;
    let c = provider("openai:m1", &f, false)
        .complete(&request("case"))
        .await
        .unwrap();
    match c.reply {
        Reply::Invalid { reason, .. } => assert!(reason.contains("/verdict"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(f.requests().len(), 2);
}

#[tokio::test]
async fn refusals_are_their_own_outcome() {
    init();
    for spec in STYLES {
        for stream in [false, true] {
            let f = fake(GOOD).await;
            f.inject_next(Injection::Refusal, 1);
            let c = provider(spec, &f, stream)
                .complete(&request("case"))
                .await
                .unwrap();
            assert_eq!(
                c.reply,
                Reply::Refusal(fake_model::REFUSAL_TEXT.into()),
                "{spec} stream={stream}"
            );
            assert_eq!(f.requests().len(), 1);
        }
    }
}

#[tokio::test]
async fn stalled_streams_and_dropped_connections_are_retried() {
    init();
    for spec in STYLES {
        let f = fake(GOOD).await;
        // Chunks a second apart against a 400 ms idle limit: the first attempt stalls.
        f.inject_next(Injection::SlowStream(Duration::from_secs(1)), 1);
        let c = provider(spec, &f, true)
            .complete(&request("case"))
            .await
            .unwrap();
        assert!(matches!(c.reply, Reply::Json(_)), "{spec}");
        assert_eq!(c.attempts, 2, "{spec}");
        for stream in [false, true] {
            let f = fake(GOOD).await;
            f.inject_next(Injection::DropConnection, 1);
            let c = provider(spec, &f, stream)
                .complete(&request("case"))
                .await
                .unwrap();
            assert!(matches!(c.reply, Reply::Json(_)), "{spec} stream={stream}");
            assert_eq!(c.attempts, 2, "{spec} stream={stream}");
        }
    }
}

#[tokio::test]
async fn concurrency_is_limited_per_provider() {
    init();
    let f = fake(GOOD).await;
    f.fail_next(
        fake_model::Failure {
            status: 200,
            retry_after: None,
            delay: Duration::from_millis(100),
        },
        6,
    );
    let mut c = ProviderConfig::new("openai:m1".parse().unwrap());
    c.base_url = f.base_url();
    c.concurrency = 2;
    let p = Provider::new(c).unwrap();
    let req = request("case");
    let calls = (0..6).map(|_| p.complete(&req));
    let results = futures_util::future::join_all(calls).await;
    assert!(results.iter().all(|r| r.is_ok()));
    assert!(f.max_in_flight() <= 2, "{}", f.max_in_flight());
    assert_eq!(f.requests().len(), 6);
}
