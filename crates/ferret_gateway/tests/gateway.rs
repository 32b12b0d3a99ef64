//! End-to-end tests: the real gateway on loopback in front of `fake_model`, over real HTTP and a
//! real SQLite database in a temporary directory.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signer, SigningKey};
use fake_model::{FakeConfig, FakeServer};
use ferret_gateway::Gateway;
use ferret_gateway::audit::{AuditEvent, MemoryAuditSink};
use ferret_gateway::config::GatewayConfig;
use ferret_gateway::ops::{Disposition, Vetting};
use ferret_gateway::store::{ApiKey, Role, SqliteStore, Store};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const ISSUER: &str = "https://idp.example.test";

struct Env {
    _dir: tempfile::TempDir,
    fake: FakeServer,
    addr: SocketAddr,
    gw: Gateway,
    audit: Arc<MemoryAuditSink>,
    http: reqwest::Client,
    keys: HashMap<&'static str, String>,
    jwt_key: SigningKey,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
}

/// (email, org, nationality, location, role)
const USERS: &[(&str, &str, &str, &str, Role)] = &[
    (
        "alice@dom.test",
        "Domestic Approved Inc",
        "US",
        "US",
        Role::User,
    ),
    (
        "ivan@dom.test",
        "Domestic Approved Inc",
        "FR",
        "US",
        Role::User,
    ),
    (
        "eve@dom.test",
        "Domestic Approved Inc",
        "US",
        "IR",
        Role::User,
    ),
    (
        "kim@dom.test",
        "Domestic Approved Inc",
        "KP",
        "US",
        Role::User,
    ),
    (
        "pat@pending.test",
        "Pending Labs LLC",
        "US",
        "US",
        Role::User,
    ),
    (
        "olga@overseas.test",
        "Overseas Approved GmbH",
        "DE",
        "DE",
        Role::User,
    ),
    (
        "nils@northwind.test",
        "Northwind Trading Co",
        "US",
        "US",
        Role::User,
    ),
    (
        "orgadmin@dom.test",
        "Domestic Approved Inc",
        "US",
        "US",
        Role::OrgAdmin,
    ),
    ("admin@operator.test", "Operator", "US", "US", Role::Admin),
    (
        "reg@regulator.test",
        "Regulator Office",
        "US",
        "US",
        Role::Regulator,
    ),
];

async fn setup_with(extra_config: &str, fake_cfg: FakeConfig) -> Env {
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeServer::start(fake_cfg).await.unwrap();
    let jwt_key = SigningKey::from_bytes(&[42u8; 32]);
    let jwks = json!({"keys": [{"kty": "OKP", "crv": "Ed25519", "kid": "k1",
        "x": URL_SAFE_NO_PAD.encode(jwt_key.verifying_key().as_bytes())}]});
    std::fs::write(dir.path().join("jwks.json"), jwks.to_string()).unwrap();
    let up = fake.base_url();
    let toml = format!(
        r#"
body_limit_bytes = 8192
upstream_timeout_secs = 5
{extra_config}

[[model]]
id = "frontier-full"
tier = "full"
upstream = "{up}"
api = "openai"

[[model]]
id = "frontier-lite"
tier = "lite"
upstream = "{up}"
api = "openai"

[[model]]
id = "open-general"
tier = "general"
upstream = "{up}"
api = "openai"
upstream_model = "fake-small"

[[model]]
id = "claude-lite"
tier = "lite"
upstream = "{up}"
api = "anthropic"

[[oidc]]
issuer = "{ISSUER}"
audience = "ferret-gateway"
jwks_file = "jwks.json"
any_user = true
"#
    );
    let config = GatewayConfig::parse(&toml, "test.toml", dir.path()).unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(dir.path()).await.unwrap());
    let audit = Arc::new(MemoryAuditSink::new());
    let gw = Gateway::new(config, store, audit.clone(), dir.path())
        .await
        .unwrap();
    let admin = gw.admin().clone();
    let csv = "source,name,alt_names,addresses,country\nEntity List (EL),Northwind Trading Company,Nordwind Handel,\"1 Harbour Rd, Port\",XX\n";
    admin.import_screening(csv, "test").await.unwrap();
    for (name, cc, approve) in [
        ("Domestic Approved Inc", "US", true),
        ("Pending Labs LLC", "US", false),
        ("Overseas Approved GmbH", "DE", true),
        ("Northwind Trading Co", "US", false),
        ("Operator", "US", false),
        ("Regulator Office", "US", false),
    ] {
        admin.create_org(name, cc, "test").await.unwrap();
        if approve {
            admin
                .vet(
                    name,
                    Vetting::Approve,
                    "vetted",
                    Some("licence D123456"),
                    "reg@regulator.test",
                )
                .await
                .unwrap();
        }
    }
    let mut keys = HashMap::new();
    for (email, org, nat, loc, role) in USERS {
        admin
            .create_user(email, org, nat, loc, None, *role, "test")
            .await
            .unwrap();
        keys.insert(
            *email,
            admin.create_key(email, None, "test").await.unwrap().key,
        );
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = gw.clone();
    let server = tokio::spawn(async move {
        server
            .serve(listener, async {
                let _ = rx.await;
            })
            .await
            .unwrap();
    });
    Env {
        _dir: dir,
        fake,
        addr,
        gw,
        audit,
        http: reqwest::Client::new(),
        keys,
        jwt_key,
        stop: Some(tx),
        server: Some(server),
    }
}

async fn setup() -> Env {
    setup_with("", FakeConfig::default()).await
}

impl Env {
    fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    async fn chat(&self, who: &str, model: &str) -> (u16, Value, reqwest::header::HeaderMap) {
        self.chat_body(
            who,
            json!({"model": model, "messages": [{"role": "user", "content": "hello there"}]}),
        )
        .await
    }

    async fn chat_body(&self, who: &str, body: Value) -> (u16, Value, reqwest::header::HeaderMap) {
        let r = self
            .http
            .post(self.url("/v1/chat/completions"))
            .bearer_auth(&self.keys[who])
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let v = r.json().await.unwrap_or(Value::Null);
        (status, v, headers)
    }

    fn jwt(&self, iss: &str, email: &str, exp_in: i64) -> String {
        let header =
            URL_SAFE_NO_PAD.encode(json!({"alg": "EdDSA", "kid": "k1", "typ": "JWT"}).to_string());
        let claims = URL_SAFE_NO_PAD.encode(
            json!({"iss": iss, "aud": "ferret-gateway", "sub": "s-1", "email": email,
                "exp": ferret_gateway::now() + exp_in})
            .to_string(),
        );
        let signed = format!("{header}.{claims}");
        let sig = self.jwt_key.sign(signed.as_bytes());
        format!("{signed}.{}", URL_SAFE_NO_PAD.encode(sig.to_bytes()))
    }
}

fn message(v: &Value) -> String {
    v.pointer("/error/message")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn scenario_matrix() {
    let env = setup().await;
    // The Northwind organisation was quarantined on creation by the screening list.
    let nw = env.gw.admin().org("Northwind Trading Co").await.unwrap();
    assert_eq!(nw.screening.as_str(), "quarantined");

    let cases: &[(&str, &str, u16, &str)] = &[
        // approved domestic org, domestic person: every tier
        ("alice@dom.test", "frontier-full", 200, "full-tier"),
        ("alice@dom.test", "frontier-lite", 200, "lite-tier"),
        ("alice@dom.test", "open-general", 200, "general-tier"),
        // international employee of an approved domestic org: lite, not full
        ("ivan@dom.test", "frontier-full", 403, "default-deny"),
        ("ivan@dom.test", "frontier-lite", 200, "lite-tier"),
        // not approved: general only
        ("pat@pending.test", "frontier-full", 403, "default-deny"),
        ("pat@pending.test", "frontier-lite", 403, "default-deny"),
        ("pat@pending.test", "open-general", 200, "general-tier"),
        // approved foreign org: lite, not full
        ("olga@overseas.test", "frontier-full", 403, "default-deny"),
        ("olga@overseas.test", "frontier-lite", 200, "lite-tier"),
        // embargoed location / nationality: nothing at all
        (
            "eve@dom.test",
            "open-general",
            403,
            "forbid-embargoed-location",
        ),
        (
            "eve@dom.test",
            "frontier-full",
            403,
            "forbid-embargoed-location",
        ),
        (
            "kim@dom.test",
            "open-general",
            403,
            "forbid-embargoed-nationality",
        ),
        // screening hit: quarantined until the regulator decides
        (
            "nils@northwind.test",
            "open-general",
            403,
            "forbid-screening-quarantine",
        ),
    ];
    for (who, model, status, reason) in cases {
        let (st, body, headers) = env.chat(who, model).await;
        assert_eq!(st, *status, "{who} on {model}: {body}");
        if st == 200 {
            assert_eq!(body["object"], "chat.completion", "{body}");
            assert!(headers.contains_key("x-gateway-overhead-ms"));
        } else {
            assert_eq!(body["error"]["type"], "permission_error", "{body}");
            assert_eq!(body["error"]["code"], "policy_denied");
            assert!(message(&body).contains(reason), "{who} on {model}: {body}");
        }
        // The decision is in the audit log, with the determining policy ids.
        let last = env
            .audit
            .events()
            .into_iter()
            .rev()
            .find_map(|e| match e {
                AuditEvent::Decision(d) => Some(d),
                _ => None,
            })
            .unwrap();
        assert_eq!(last.model, *model);
        assert_eq!(last.allowed, *status == 200);
        if !reason.starts_with("default") {
            assert_eq!(last.policies, vec![reason.to_string()]);
        } else {
            assert!(last.policies.is_empty());
        }
    }

    // The regulator confirms the hit: now a denied party.
    env.gw
        .admin()
        .dispose(
            "Northwind Trading Co",
            Disposition::Confirm,
            "confirmed EL match",
            "reg@regulator.test",
        )
        .await
        .unwrap();
    let (st, body, _) = env.chat("nils@northwind.test", "open-general").await;
    assert_eq!(st, 403);
    assert!(message(&body).contains("forbid-denied-party"), "{body}");
}

#[tokio::test]
async fn models_list_only_permitted() {
    let env = setup().await;
    let ids = |v: Value| -> Vec<String> {
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_string())
            .collect()
    };
    let get = |who: &'static str| {
        env.http
            .get(env.url("/v1/models"))
            .bearer_auth(&env.keys[who])
            .send()
    };
    let v: Value = get("alice@dom.test").await.unwrap().json().await.unwrap();
    assert_eq!(
        ids(v),
        [
            "frontier-full",
            "frontier-lite",
            "open-general",
            "claude-lite"
        ]
    );
    let v: Value = get("ivan@dom.test").await.unwrap().json().await.unwrap();
    assert_eq!(ids(v), ["frontier-lite", "open-general", "claude-lite"]);
    let v: Value = get("pat@pending.test").await.unwrap().json().await.unwrap();
    assert_eq!(ids(v), ["open-general"]);
    let v: Value = get("eve@dom.test").await.unwrap().json().await.unwrap();
    assert!(ids(v).is_empty());
}

#[tokio::test]
async fn revocation_takes_effect_on_next_request() {
    let env = setup().await;
    let (st, _, _) = env.chat("ivan@dom.test", "frontier-lite").await;
    assert_eq!(st, 200);
    // The regulator revokes through the API.
    let r = env
        .http
        .post(env.url("/regulator/orgs/Domestic%20Approved%20Inc/revoke"))
        .bearer_auth(&env.keys["reg@regulator.test"])
        .json(&json!({"reason": "end-use concerns"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (st, body, _) = env.chat("ivan@dom.test", "frontier-lite").await;
    assert_eq!(st, 403, "{body}");
    assert!(message(&body).contains("default-deny"));
    // general stays open.
    let (st, _, _) = env.chat("ivan@dom.test", "open-general").await;
    assert_eq!(st, 200);
    // The transition is an event with reason and actor.
    let ev: Value = env
        .http
        .get(env.url("/regulator/orgs/Domestic%20Approved%20Inc/events"))
        .bearer_auth(&env.keys["reg@regulator.test"])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let last = ev.as_array().unwrap().last().unwrap();
    assert_eq!(last["action"], "revoke");
    assert_eq!(last["reason"], "end-use concerns");
    assert_eq!(last["actor"], "reg@regulator.test");
    // A key revocation is immediate too.
    let kid = env.keys["alice@dom.test"][4..20].to_string();
    env.gw
        .admin()
        .revoke_key(&kid, "lost laptop", "test")
        .await
        .unwrap();
    let (st, body, _) = env.chat("alice@dom.test", "open-general").await;
    assert_eq!(st, 401);
    assert!(message(&body).contains("revoked"), "{body}");
}

/// The policy engine keeps prepared entity slices of facts it has seen twice; every change below is
/// made after the slices of the requests before it are in that cache, and must still apply to the
/// very next request.
#[tokio::test]
async fn store_changes_apply_over_cached_slices() {
    let env = setup().await;
    let warm = |who: &'static str, model: &'static str| {
        let env = &env;
        async move {
            for _ in 0..3 {
                let (st, body, _) = env.chat(who, model).await;
                assert_eq!(st, 200, "{who} on {model}: {body}");
            }
        }
    };
    // A screening hit on the person (the regulator confirms a quarantine).
    warm("alice@dom.test", "frontier-full").await;
    let r = env
        .http
        .post(env.url("/regulator/users/alice@dom.test/screening"))
        .bearer_auth(&env.keys["reg@regulator.test"])
        .json(&json!({"disposition": "confirm", "reason": "listed"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let (st, body, _) = env.chat("alice@dom.test", "frontier-full").await;
    assert_eq!(st, 403, "{body}");
    // A new country class for the person's nationality.
    warm("ivan@dom.test", "frontier-lite").await;
    let admin = env.gw.admin();
    admin
        .add_country("FR", "embargoed", ferret_gateway::now() - 1, "test", "test")
        .await
        .unwrap();
    env.gw.reload_countries().await.unwrap();
    let (st, body, _) = env.chat("ivan@dom.test", "frontier-lite").await;
    assert_eq!(st, 403, "{body}");
    assert!(
        message(&body).contains("forbid-embargoed-nationality"),
        "{body}"
    );
    // The organisation's revocation by the regulator.
    warm("olga@overseas.test", "frontier-lite").await;
    let r = env
        .http
        .post(env.url("/regulator/orgs/Overseas%20Approved%20GmbH/revoke"))
        .bearer_auth(&env.keys["reg@regulator.test"])
        .json(&json!({"reason": "end-use concerns"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (st, body, _) = env.chat("olga@overseas.test", "frontier-lite").await;
    assert_eq!(st, 403, "{body}");
    // A key revocation, on a general-tier model every principal may call.
    warm("olga@overseas.test", "open-general").await;
    let kid = env.keys["olga@overseas.test"][4..20].to_string();
    admin.revoke_key(&kid, "lost laptop", "test").await.unwrap();
    let (st, body, _) = env.chat("olga@overseas.test", "open-general").await;
    assert_eq!(st, 401, "{body}");
}

#[tokio::test]
async fn expired_key_and_bad_credentials() {
    let env = setup().await;
    let admin = env.gw.admin();
    let user = admin
        .store
        .user_by_email("alice@dom.test")
        .await
        .unwrap()
        .unwrap();
    let k = admin.hasher.generate().unwrap();
    let now = ferret_gateway::now();
    let mut tx = admin.store.begin().await.unwrap();
    tx.insert_key(&ApiKey {
        key_id: k.key_id.clone(),
        user_id: user.id,
        hash: k.hash.clone(),
        created_at: now - 100,
        expires_at: now - 10,
        revoked_at: None,
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let send = |auth: String| {
        env.http
            .post(env.url("/v1/chat/completions"))
            .header("authorization", auth)
            .json(&json!({"model": "open-general", "messages": []}))
            .send()
    };
    let r = send(format!("Bearer {}", k.full)).await.unwrap();
    assert_eq!(r.status(), 401);
    let v: Value = r.json().await.unwrap();
    assert!(message(&v).contains("expired"), "{v}");
    assert_eq!(v["error"]["type"], "authentication_error");
    // Right id, wrong secret.
    let forged = format!("Bearer fgw_{}_{}", k.key_id, "A".repeat(43));
    let r = send(forged).await.unwrap();
    assert_eq!(r.status(), 401);
    // Garbage.
    let r = send("Bearer hunter2".into()).await.unwrap();
    assert_eq!(r.status(), 401);
    // None at all.
    let r = env
        .http
        .post(env.url("/v1/chat/completions"))
        .json(&json!({"model": "open-general"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // Failures are audited.
    assert!(
        env.audit
            .events()
            .iter()
            .filter(|e| matches!(e, AuditEvent::AuthFailure(_)))
            .count()
            >= 4
    );
}

#[tokio::test]
async fn oidc_tokens_per_issuer() {
    let env = setup().await;
    let send = |tok: String, model: &'static str| {
        env.http
            .post(env.url("/v1/chat/completions"))
            .bearer_auth(tok)
            .json(&json!({"model": model, "messages": [{"role": "user", "content": "hi"}]}))
            .send()
    };
    let ok = env.jwt(ISSUER, "alice@dom.test", 300);
    assert_eq!(send(ok, "frontier-full").await.unwrap().status(), 200);
    // The token proves identity only: attributes come from the registry.
    let ivan = env.jwt(ISSUER, "ivan@dom.test", 300);
    assert_eq!(send(ivan, "frontier-full").await.unwrap().status(), 403);
    // Wrong issuer.
    let r = send(
        env.jwt("https://evil.example.test", "alice@dom.test", 300),
        "open-general",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 401);
    let v: Value = r.json().await.unwrap();
    assert!(message(&v).contains("issuer is not trusted"), "{v}");
    // Expired token.
    let r = send(env.jwt(ISSUER, "alice@dom.test", -3600), "open-general")
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // Unknown user.
    let r = send(env.jwt(ISSUER, "mallory@nowhere.test", 300), "open-general")
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // Signed by another key.
    let mut other = env.jwt(ISSUER, "alice@dom.test", 300);
    other.truncate(other.rfind('.').unwrap());
    let sig = SigningKey::from_bytes(&[7u8; 32]).sign(other.as_bytes());
    let forged = format!("{other}.{}", URL_SAFE_NO_PAD.encode(sig.to_bytes()));
    assert_eq!(send(forged, "open-general").await.unwrap().status(), 401);
}

#[tokio::test]
async fn streaming_passes_through_unbuffered() {
    let cfg = FakeConfig {
        reply: Some("one two three four five six".into()),
        chunk_delay: Duration::from_millis(150),
        ..FakeConfig::default()
    };
    let env = setup_with("", cfg).await;
    let start = Instant::now();
    let mut r = env
        .http
        .post(env.url("/v1/chat/completions"))
        .bearer_auth(&env.keys["alice@dom.test"])
        .json(&json!({"model": "frontier-full", "stream": true,
            "messages": [{"role": "user", "content": "count please"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let first = r.chunk().await.unwrap().unwrap();
    let t_first = start.elapsed();
    let mut all = first.to_vec();
    while let Some(c) = r.chunk().await.unwrap() {
        all.extend_from_slice(&c);
    }
    let t_all = start.elapsed();
    assert!(String::from_utf8_lossy(&first).starts_with("data: "));
    // 8 events with 150 ms between them: the first must arrive long before the last.
    assert!(
        t_all - t_first >= Duration::from_millis(700),
        "first {t_first:?}, all {t_all:?}"
    );
    let text = String::from_utf8(all).unwrap();
    assert!(text.contains("\"content\":\"one \""));
    assert!(text.trim_end().ends_with("data: [DONE]"));
    // The gateway asked the upstream for usage.
    let sent: Value = serde_json::from_slice(&env.fake.requests().last().unwrap().body).unwrap();
    assert_eq!(sent["stream_options"]["include_usage"], true);

    // Anthropic streaming, through x-api-key.
    let r = env
        .http
        .post(env.url("/v1/messages"))
        .header("x-api-key", &env.keys["ivan@dom.test"])
        .header("anthropic-version", "2023-06-01")
        .json(
            &json!({"model": "claude-lite", "max_tokens": 50, "stream": true,
            "messages": [{"role": "user", "content": "hi"}]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    assert!(text.contains("event: message_start"));
    assert!(text.contains("event: message_stop"));
    let fwd = env.fake.requests().last().unwrap().clone();
    let has = |h: &str| fwd.headers.iter().any(|(k, _)| k == h);
    assert!(has("anthropic-version"));
    assert!(
        !has("x-api-key"),
        "client credentials must not reach the upstream"
    );
}

#[tokio::test]
async fn anthropic_shapes() {
    let env = setup().await;
    let send = |who: &'static str, model: &'static str| {
        env.http
            .post(env.url("/v1/messages"))
            .header("x-api-key", &env.keys[who])
            .header("anthropic-version", "2023-06-01")
            .json(&json!({"model": model, "max_tokens": 10,
                "messages": [{"role": "user", "content": "hello world"}]}))
            .send()
    };
    let r = send("olga@overseas.test", "claude-lite").await.unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["type"], "message");
    assert_eq!(v["usage"]["input_tokens"], 2);
    let r = send("pat@pending.test", "claude-lite").await.unwrap();
    assert_eq!(r.status(), 403);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["type"], "error");
    assert_eq!(v["error"]["type"], "permission_error");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("default-deny")
    );
    // An OpenAI model is not served on the Anthropic API.
    let r = send("alice@dom.test", "frontier-full").await.unwrap();
    assert_eq!(r.status(), 404);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["type"], "not_found_error");
}

#[tokio::test]
async fn request_quota_gives_429_with_retry_after() {
    let env = setup_with(
        "[[quota]]\nscope = \"user\"\nrequests_per_minute = 2\n",
        FakeConfig::default(),
    )
    .await;
    for _ in 0..2 {
        let (st, body, _) = env.chat("alice@dom.test", "open-general").await;
        assert_eq!(st, 200, "{body}");
    }
    let (st, body, headers) = env.chat("alice@dom.test", "open-general").await;
    assert_eq!(st, 429, "{body}");
    assert_eq!(body["error"]["type"], "rate_limit_error");
    assert!(message(&body).contains("requests_per_minute"));
    let ra: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&ra));
    // Another user is not affected.
    let (st, _, _) = env.chat("ivan@dom.test", "open-general").await;
    assert_eq!(st, 200);
}

#[tokio::test]
async fn token_quota_uses_upstream_usage_from_streams() {
    let env = setup_with(
        "[[quota]]\nscope = \"org\"\ntokens_per_day = 10\n",
        FakeConfig {
            reply: Some("a b c d e f g h".into()),
            ..FakeConfig::default()
        },
    )
    .await;
    // Streaming call: 2 prompt + 8 completion tokens, read from the stream's usage chunk.
    let r = env
        .http
        .post(env.url("/v1/chat/completions"))
        .bearer_auth(&env.keys["alice@dom.test"])
        .json(&json!({"model": "open-general", "stream": true,
            "messages": [{"role": "user", "content": "hello there"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let _ = r.text().await.unwrap();
    // The next call from anyone in the organisation is refused.
    let mut refused = None;
    for _ in 0..20 {
        let (st, body, headers) = env.chat("ivan@dom.test", "open-general").await;
        if st == 429 {
            refused = Some((body, headers));
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (body, headers) = refused.expect("token quota never hit");
    assert!(message(&body).contains("tokens_per_day"), "{body}");
    assert!(headers.contains_key("retry-after"));
}

#[tokio::test]
async fn bad_input_gets_clear_4xx() {
    let env = setup().await;
    let key = &env.keys["alice@dom.test"];
    let post = |body: reqwest::Body| {
        env.http
            .post(env.url("/v1/chat/completions"))
            .bearer_auth(key)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    // Malformed JSON.
    let r = post("{\"model\": ".into()).await.unwrap();
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "invalid_json");
    // Not an object.
    assert_eq!(post("[1,2]".into()).await.unwrap().status(), 400);
    // Missing model.
    assert_eq!(post("{}".into()).await.unwrap().status(), 400);
    // Oversized body (limit 8192).
    let big = json!({"model": "open-general", "messages": [{"role": "user", "content": "x".repeat(20_000)}]});
    let r = post(big.to_string().into()).await.unwrap();
    assert_eq!(r.status(), 413);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "request_too_large");
    // Unknown model, including one with CR/LF and SQL in its name.
    for m in [
        "no-such-model",
        "x\r\nx-injected: 1",
        "open-general' OR '1'='1",
    ] {
        let r = post(json!({"model": m, "messages": []}).to_string().into())
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "{m:?}");
        assert!(!r.headers().contains_key("x-injected"));
    }
    // Header injection on the wire is refused by the HTTP parser.
    let mut s = tokio::net::TcpStream::connect(env.addr).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\rInjected: b\r\n\r\n")
        .await
        .unwrap();
    let mut buf = vec![0u8; 256];
    let n = s.read(&mut buf).await.unwrap();
    assert!(
        String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 400"),
        "{}",
        String::from_utf8_lossy(&buf[..n])
    );
    // Client headers are not forwarded upstream (no credential leak, no upstream control).
    let r = env
        .http
        .post(env.url("/v1/chat/completions"))
        .bearer_auth(key)
        .header("x-fake-status", "500")
        .json(&json!({"model": "open-general", "messages": [{"role": "user", "content": "hi"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let fwd = env.fake.requests().last().unwrap().clone();
    assert!(
        fwd.headers
            .iter()
            .all(|(k, _)| k != "authorization" && k != "x-fake-status")
    );
    let sent: Value = serde_json::from_slice(&fwd.body).unwrap();
    assert_eq!(sent["model"], "fake-small", "upstream_model is substituted");

    // SQL metacharacters in names: stored literally, store intact.
    let admin_key = &env.keys["admin@operator.test"];
    let before = env.gw.admin().store.list_orgs().await.unwrap().len();
    let evil = "Robert'); DROP TABLE orgs;--";
    let r = env
        .http
        .post(env.url("/admin/orgs"))
        .bearer_auth(admin_key)
        .json(&json!({"name": evil, "country": "US"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let orgs = env.gw.admin().store.list_orgs().await.unwrap();
    assert_eq!(orgs.len(), before + 1);
    assert!(orgs.iter().any(|o| o.name == evil));
    for (body, status) in [
        (json!({"name": "Bell\u{7}Corp", "country": "US"}), 400),
        (json!({"name": "Fine Name", "country": "USA'--"}), 400),
        (json!({"name": evil, "country": "US"}), 409),
        (json!({"name": "x", "country": "US", "extra": 1}), 400),
    ] {
        let r = env
            .http
            .post(env.url("/admin/orgs"))
            .bearer_auth(admin_key)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), status, "{body}");
        let v: Value = r.json().await.unwrap();
        assert!(v["error"].as_str().is_some_and(|s| !s.is_empty()));
    }
    let r = env
        .http
        .post(env.url("/admin/users"))
        .bearer_auth(admin_key)
        .json(&json!({"email": "' OR 1=1 --@x.test", "org": "Operator", "nationality": "US", "location": "US", "name": "X"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(
        env.gw.admin().store.list_orgs().await.unwrap().len(),
        before + 1
    );
    // The proxy still works.
    let (st, _, _) = env.chat("alice@dom.test", "open-general").await;
    assert_eq!(st, 200);
}

#[tokio::test]
async fn audit_failure_fails_the_request() {
    let env = setup().await;
    env.audit.set_failing(true);
    let (st, body, _) = env.chat("alice@dom.test", "open-general").await;
    assert_eq!(st, 503, "{body}");
    assert_eq!(body["error"]["code"], "audit_unavailable");
    let before = env.fake.requests().len();
    let (st, _, _) = env.chat("alice@dom.test", "open-general").await;
    assert_eq!(st, 503);
    assert_eq!(
        env.fake.requests().len(),
        before,
        "nothing reached the upstream"
    );
    env.audit.set_failing(false);
    let (st, _, _) = env.chat("alice@dom.test", "open-general").await;
    assert_eq!(st, 200);
}

#[tokio::test]
async fn upstream_failures_pass_through() {
    let env = setup().await;
    env.fake.fail_next(
        fake_model::Failure {
            status: 429,
            retry_after: Some(7),
            delay: Duration::ZERO,
        },
        1,
    );
    let (st, _, headers) = env.chat("alice@dom.test", "open-general").await;
    assert_eq!(st, 429);
    assert_eq!(headers["retry-after"], "7");
    env.fake.fail_next(
        fake_model::Failure {
            status: 200,
            retry_after: None,
            delay: Duration::from_secs(8),
        },
        1,
    );
    let (st, body, _) = env.chat("alice@dom.test", "open-general").await;
    assert_eq!(st, 504, "{body}");
    assert_eq!(body["error"]["code"], "upstream_timeout");
}

#[tokio::test]
async fn regulator_api_roles_and_exports() {
    let env = setup().await;
    let get = |who: &'static str, path: &'static str| {
        env.http
            .get(env.url(path))
            .bearer_auth(&env.keys[who])
            .send()
    };
    // Export, JSON and CSV, with approver, date and basis.
    let r = get("reg@regulator.test", "/regulator/authorised")
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Domestic Approved Inc", "Overseas Approved GmbH"]);
    assert_eq!(v[0]["approved_by"], "reg@regulator.test");
    assert_eq!(v[0]["basis"], "licence D123456");
    let csv = get("reg@regulator.test", "/regulator/authorised?format=csv")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.starts_with("name,country,approved_by,approved_at,basis\n"));
    assert!(csv.contains("Domestic Approved Inc,US,reg@regulator.test,"));
    // Roles are separate.
    assert_eq!(
        get("alice@dom.test", "/regulator/authorised")
            .await
            .unwrap()
            .status(),
        403
    );
    let post = |who: &'static str, path: &'static str, body: Value| {
        env.http
            .post(env.url(path))
            .bearer_auth(&env.keys[who])
            .json(&body)
            .send()
    };
    let r = post(
        "admin@operator.test",
        "/regulator/orgs/Pending%20Labs%20LLC/approve",
        json!({"reason": "x"}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 403, "an admin is not the regulator");
    let r = post(
        "reg@regulator.test",
        "/regulator/orgs/Pending%20Labs%20LLC/approve",
        json!({"reason": " "}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 400, "a reason is required");
    let r = post(
        "reg@regulator.test",
        "/regulator/orgs/Pending%20Labs%20LLC/revoke",
        json!({"reason": "x"}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 409, "cannot revoke an application");
    let r = post(
        "reg@regulator.test",
        "/regulator/orgs/Pending%20Labs%20LLC/approve",
        json!({"reason": "vetted", "basis": "NLR"}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    let (st, _, _) = env.chat("pat@pending.test", "frontier-lite").await;
    assert_eq!(st, 200, "approval takes effect on the next request");
    // An org-admin sees only its own organisation.
    let v: Value = get("orgadmin@dom.test", "/admin/orgs")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["name"], "Domestic Approved Inc");
    assert_eq!(
        get("orgadmin@dom.test", "/admin/orgs/Pending%20Labs%20LLC")
            .await
            .unwrap()
            .status(),
        404
    );
    let r = post("orgadmin@dom.test", "/admin/users", json!({"email": "new@dom.test", "org": "Pending Labs LLC", "nationality": "US", "location": "US", "name": "New Person"}))
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = post("orgadmin@dom.test", "/admin/users", json!({"email": "new@dom.test", "org": "Domestic Approved Inc", "nationality": "US", "location": "US", "name": "New Person"}))
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let r = post(
        "orgadmin@dom.test",
        "/admin/keys",
        json!({"email": "new@dom.test", "days": 7}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.unwrap();
    assert!(v["key"].as_str().unwrap().starts_with("fgw_"));
    // Admin actions are audited.
    assert!(env.audit.events().iter().any(|e| matches!(e, AuditEvent::Admin(a) if a.action == "org.approve" && a.target == "Pending Labs LLC")));
}

#[tokio::test]
async fn health_metrics_and_policy_reload() {
    let env = setup().await;
    let r = env.http.get(env.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let _ = env.chat("alice@dom.test", "open-general").await;
    let _ = env.chat("pat@pending.test", "frontier-full").await;
    let m = env
        .http
        .get(env.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        m.contains("ferret_gateway_decisions_total{outcome=\"allow\"} 1"),
        "{m}"
    );
    assert!(
        m.contains("ferret_gateway_decisions_total{outcome=\"deny\"} 1"),
        "{m}"
    );
    assert!(m.contains("ferret_gateway_overhead_seconds_count 1"));
    let r = env
        .http
        .post(env.url("/admin/policy/reload"))
        .bearer_auth(&env.keys["admin@operator.test"])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn invalid_policy_reload_keeps_the_old_set() {
    let pdir = tempfile::tempdir().unwrap();
    let pfile = pdir.path().join("policy.cedar");
    std::fs::write(&pfile, ferret_gateway::policy::DEFAULT_POLICY).unwrap();
    let env = setup_with(
        &format!("policy_file = {:?}", pfile.display().to_string()),
        FakeConfig::default(),
    )
    .await;
    let reload = || {
        env.http
            .post(env.url("/admin/policy/reload"))
            .bearer_auth(&env.keys["admin@operator.test"])
            .send()
    };
    // A policy that names an attribute the schema does not have fails strict validation.
    std::fs::write(
        &pfile,
        "@id(\"oops\")\npermit (principal, action, resource) when { principal.clearance == \"top\" };",
    )
    .unwrap();
    let r = reload().await.unwrap();
    assert_eq!(r.status(), 422);
    let v: Value = r.json().await.unwrap();
    assert!(v["error"].as_str().unwrap().contains("validation"), "{v}");
    let (st, _, _) = env.chat("ivan@dom.test", "frontier-full").await;
    assert_eq!(st, 403, "old policy still in force");
    let (st, _, _) = env.chat("ivan@dom.test", "frontier-lite").await;
    assert_eq!(st, 200);
    // A valid change is picked up: open the full tier to international employees.
    let relaxed = ferret_gateway::policy::DEFAULT_POLICY.replace(
        "principal.org.country_class == \"domestic\" &&\n  principal.nationality_class == \"domestic\"",
        "principal.org.country_class == \"domestic\"",
    );
    assert_ne!(relaxed, ferret_gateway::policy::DEFAULT_POLICY);
    std::fs::write(&pfile, relaxed).unwrap();
    assert_eq!(reload().await.unwrap().status(), 200);
    let (st, body, _) = env.chat("ivan@dom.test", "frontier-full").await;
    assert_eq!(st, 200, "{body}");
}

#[tokio::test]
async fn user_screening_hit_quarantines_the_person() {
    let env = setup().await;
    let admin = env.gw.admin();
    let u = admin
        .create_user(
            "hans@dom.test",
            "Domestic Approved Inc",
            "US",
            "US",
            Some("NORDWIND HANDEL"),
            Role::User,
            "test",
        )
        .await
        .unwrap();
    assert_eq!(u.screening.as_str(), "quarantined");
    let key = admin
        .create_key("hans@dom.test", Some(1), "test")
        .await
        .unwrap()
        .key;
    let r = env
        .http
        .post(env.url("/v1/chat/completions"))
        .bearer_auth(&key)
        .json(&json!({"model": "open-general", "messages": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let v: Value = r.json().await.unwrap();
    assert!(message(&v).contains("forbid-screening-quarantine"), "{v}");
    // The regulator clears the false positive.
    let r = env
        .http
        .post(env.url("/regulator/users/hans@dom.test/screening"))
        .bearer_auth(&env.keys["reg@regulator.test"])
        .json(&json!({"disposition": "clear", "reason": "different person"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = env
        .http
        .post(env.url("/v1/chat/completions"))
        .bearer_auth(&key)
        .json(&json!({"model": "open-general", "messages": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn cleared_org_is_not_requarantined_on_reimport() {
    let env = setup().await;
    let admin = env.gw.admin();
    admin
        .dispose(
            "Northwind Trading Co",
            Disposition::Clear,
            "not the listed party",
            "reg@regulator.test",
        )
        .await
        .unwrap();
    let csv = "source,name,alt_names,addresses,country\nEntity List (EL),Northwind Trading Company,Nordwind Handel,x,XX\nSDN,Domestic Approved Incorporated,,y,XX\n";
    let report = admin.import_screening(csv, "test").await.unwrap();
    let names: Vec<&str> = report
        .quarantined_orgs
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(
        names,
        ["Domestic Approved Inc"],
        "a new hit quarantines; a cleared one does not"
    );
    let (st, body, _) = env.chat("nils@northwind.test", "open-general").await;
    assert_eq!(st, 200, "{body}");
    let (st, body, _) = env.chat("alice@dom.test", "open-general").await;
    assert_eq!(st, 403);
    assert!(message(&body).contains("forbid-screening-quarantine"));
}

#[tokio::test]
async fn responses_api_passes_through() {
    let env = setup().await;
    let r = env
        .http
        .post(env.url("/v1/responses"))
        .bearer_auth(&env.keys["alice@dom.test"])
        .json(&json!({"model": "frontier-full", "input": "three little words"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["object"], "response");
    assert_eq!(v["usage"]["input_tokens"], 3);
    let r = env
        .http
        .post(env.url("/v1/responses"))
        .bearer_auth(&env.keys["pat@pending.test"])
        .json(&json!({"model": "frontier-full", "input": "x", "stream": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn country_table_is_versioned_data() {
    let env = setup().await;
    let (st, _, _) = env.chat("ivan@dom.test", "frontier-lite").await;
    assert_eq!(st, 200);
    let admin = env.gw.admin();
    let now = ferret_gateway::now();
    // A row effective tomorrow changes nothing today.
    admin
        .add_country("FR", "embargoed", now + 86_400, "test rule, future", "test")
        .await
        .unwrap();
    env.gw.reload_countries().await.unwrap();
    let (st, _, _) = env.chat("ivan@dom.test", "frontier-lite").await;
    assert_eq!(st, 200);
    // A row effective now applies on the next request after the reload.
    admin
        .add_country("FR", "embargoed", now - 1, "test rule", "test")
        .await
        .unwrap();
    env.gw.reload_countries().await.unwrap();
    let (st, body, _) = env.chat("ivan@dom.test", "frontier-lite").await;
    assert_eq!(st, 403);
    assert!(
        message(&body).contains("forbid-embargoed-nationality"),
        "{body}"
    );
    assert!(
        admin
            .add_country("FR", "hostile", now, "x", "test")
            .await
            .is_err()
    );
}

#[tokio::test]
async fn graceful_shutdown_drains_streams() {
    let mut env = setup_with(
        "",
        FakeConfig {
            reply: Some("w1 w2 w3 w4 w5 w6".into()),
            chunk_delay: Duration::from_millis(100),
            ..FakeConfig::default()
        },
    )
    .await;
    let mut r = env
        .http
        .post(env.url("/v1/chat/completions"))
        .bearer_auth(&env.keys["alice@dom.test"])
        .json(&json!({"model": "open-general", "stream": true, "messages": [{"role": "user", "content": "x"}]}))
        .send()
        .await
        .unwrap();
    let mut text = String::from_utf8(r.chunk().await.unwrap().unwrap().to_vec()).unwrap();
    // Shut down while the stream is in flight.
    let _ = env.stop.take().unwrap().send(());
    while let Some(c) = r.chunk().await.unwrap() {
        text.push_str(std::str::from_utf8(&c).unwrap());
    }
    assert!(text.trim_end().ends_with("data: [DONE]"), "{text}");
    tokio::time::timeout(Duration::from_secs(5), env.server.take().unwrap())
        .await
        .expect("server stopped after draining")
        .unwrap();
    assert!(tokio::net::TcpStream::connect(env.addr).await.is_err());
}

#[tokio::test]
async fn jwks_from_url() {
    let env = setup().await;
    // Serve the same JWKS over loopback HTTP.
    let jwks = std::fs::read_to_string(env._dir.path().join("jwks.json")).unwrap();
    let app = axum::Router::new().route(
        "/jwks.json",
        axum::routing::get(move || {
            let j = jwks.clone();
            async move { j }
        }),
    );
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let jwks_addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, app).await.unwrap() });
    let toml = format!(
        "[[model]]\nid = \"g\"\ntier = \"general\"\nupstream = \"{}\"\napi = \"openai\"\n\n[[oidc]]\nissuer = \"{ISSUER}\"\naudience = \"ferret-gateway\"\njwks_url = \"http://{jwks_addr}/jwks.json\"\nany_user = true\n",
        env.fake.base_url()
    );
    let dir = tempfile::tempdir().unwrap();
    let config = GatewayConfig::parse(&toml, "t.toml", dir.path()).unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(env._dir.path()).await.unwrap());
    let gw = Gateway::new(
        config,
        store,
        Arc::new(MemoryAuditSink::new()),
        env._dir.path(),
    )
    .await
    .unwrap();
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(gw.serve(l, std::future::pending()));
    let r = env
        .http
        .post(format!("http://{addr}/v1/chat/completions"))
        .bearer_auth(env.jwt(ISSUER, "alice@dom.test", 300))
        .json(&json!({"model": "g", "messages": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // Both sources at once is a configuration error.
    let bad = format!(
        "[[oidc]]\nissuer = \"x\"\naudience = \"y\"\njwks_file = \"a\"\njwks_url = \"http://{jwks_addr}/\"\n"
    );
    assert!(GatewayConfig::parse(&bad, "b.toml", dir.path()).is_err());
}

#[tokio::test]
async fn key_revocation_over_the_api_and_anthropic_model_list() {
    let env = setup().await;
    let kid = |who: &str| env.keys[who][4..20].to_string();
    let revoke = |who: &'static str, key_id: String| {
        env.http
            .post(env.url(&format!("/admin/keys/{key_id}/revoke")))
            .bearer_auth(&env.keys[who])
            .json(&json!({"reason": "rotation"}))
            .send()
    };
    // An org-admin cannot touch another organisation's keys.
    let r = revoke("orgadmin@dom.test", kid("olga@overseas.test"))
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let (st, _, _) = env.chat("olga@overseas.test", "open-general").await;
    assert_eq!(st, 200);
    // But can revoke its own organisation's.
    let r = revoke("orgadmin@dom.test", kid("ivan@dom.test"))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (st, _, _) = env.chat("ivan@dom.test", "open-general").await;
    assert_eq!(st, 401);
    // A plain user cannot revoke at all.
    let r = revoke("alice@dom.test", kid("olga@overseas.test"))
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // Anthropic-style model list.
    let v: Value = env
        .http
        .get(env.url("/v1/models"))
        .header("x-api-key", &env.keys["olga@overseas.test"])
        .header("anthropic-version", "2023-06-01")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["first_id"], "frontier-lite");
    assert_eq!(v["data"][0]["type"], "model");
    assert_eq!(v["has_more"], false);
}

#[tokio::test]
async fn quota_rules_set_over_the_api_apply_at_once() {
    let env = setup().await;
    let admin = &env.keys["admin@operator.test"];
    let r = env
        .http
        .post(env.url("/admin/quotas"))
        .bearer_auth(admin)
        .json(&json!({"scope": "user", "only": "alice@dom.test", "requests_per_minute": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    assert_eq!(env.chat("alice@dom.test", "frontier-full").await.0, 200);
    assert_eq!(env.chat("alice@dom.test", "frontier-full").await.0, 429);
    // Others are not covered by the rule.
    assert_eq!(env.chat("ivan@dom.test", "frontier-lite").await.0, 200);
    // A rule without limits is refused; org-admins may not set quotas.
    let r = env
        .http
        .post(env.url("/admin/quotas"))
        .bearer_auth(admin)
        .json(&json!({"scope": "org"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = env
        .http
        .post(env.url("/admin/quotas"))
        .bearer_auth(&env.keys["orgadmin@dom.test"])
        .json(&json!({"scope": "org", "requests_per_day": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = env
        .http
        .post(env.url(&format!("/admin/quotas/{id}/remove")))
        .bearer_auth(admin)
        .json(&json!({"reason": "lifted"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(env.chat("alice@dom.test", "frontier-full").await.0, 200);
}

// ---------------------------------------------------------------------------------------------
// Administration, identity and screening (security review: defects 1, 3, 8, 9, 12, 15, 17).

/// POSTs `body` to `path` with `key`.
async fn post_with(env: &Env, key: &str, path: &str, body: Value) -> reqwest::Response {
    env.http
        .post(env.url(path))
        .bearer_auth(key)
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// GETs `path` with `key`; the status.
async fn get_with(env: &Env, key: &str, path: &str) -> u16 {
    env.http
        .get(env.url(path))
        .bearer_auth(key)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Registers a user (as the command line would) and returns a key of theirs.
async fn user_with_key(env: &Env, email: &str, org: &str, role: Role) -> String {
    let admin = env.gw.admin();
    admin
        .create_user(email, org, "US", "US", None, role, "cli:test")
        .await
        .unwrap();
    admin.create_key(email, None, "cli:test").await.unwrap().key
}

#[tokio::test]
async fn org_admin_acts_only_on_roles_it_may_grant() {
    let env = setup().await;
    // An org-admin of the operator's own organisation, beside the operator's admin and a
    // regulator account of that organisation.
    let helper = user_with_key(&env, "helper@operator.test", "Operator", Role::OrgAdmin).await;
    user_with_key(&env, "auditor@operator.test", "Operator", Role::Regulator).await;
    user_with_key(&env, "staff@operator.test", "Operator", Role::User).await;
    for target in ["admin@operator.test", "auditor@operator.test"] {
        let r = post_with(
            &env,
            &helper,
            "/admin/keys",
            json!({"email": target, "days": 1}),
        )
        .await;
        assert_eq!(r.status(), 403, "key for {target}");
    }
    // Another organisation's user stays invisible (404); its own users and org-admins it
    // manages.
    let r = post_with(
        &env,
        &helper,
        "/admin/keys",
        json!({"email": "reg@regulator.test"}),
    )
    .await;
    assert_eq!(r.status(), 404);
    for ok in ["staff@operator.test", "helper@operator.test"] {
        let r = post_with(
            &env,
            &helper,
            "/admin/keys",
            json!({"email": ok, "days": 1}),
        )
        .await;
        assert_eq!(r.status(), 201, "key for {ok}");
    }
    // Nor can it revoke the admin's key, or a regulator's.
    let admin_kid = &env.keys["admin@operator.test"][4..20];
    let r = post_with(
        &env,
        &helper,
        &format!("/admin/keys/{admin_kid}/revoke"),
        json!({"reason": "mine now"}),
    )
    .await;
    assert_eq!(r.status(), 403);
    assert_eq!(
        get_with(&env, &env.keys["admin@operator.test"], "/admin/orgs").await,
        200
    );
    // Nor grant those roles.
    for role in ["admin", "regulator"] {
        let r = post_with(&env, &helper, "/admin/users", json!({"email": format!("x-{role}@operator.test"), "org": "Operator", "nationality": "US", "location": "US", "role": role})).await;
        assert_eq!(r.status(), 403, "{role}");
    }
    let minted: Vec<String> = env
        .audit
        .events()
        .iter()
        .filter_map(|e| match e {
            AuditEvent::Admin(a)
                if a.action == "key.create" && a.actor == "helper@operator.test" =>
            {
                Some(a.reason.clone())
            }
            _ => None,
        })
        .collect();
    assert_eq!(minted.len(), 2, "{minted:?}");
    assert!(
        minted
            .iter()
            .all(|m| !m.contains("admin@") && !m.contains("auditor@"))
    );
}

#[tokio::test]
async fn only_a_regulator_creates_regulators() {
    let env = setup().await;
    let admin = env.keys["admin@operator.test"].clone();
    let reg = env.keys["reg@regulator.test"].clone();
    let new_reg = |email: &str, org: &str, role: &str| json!({"email": email, "org": org, "nationality": "US", "location": "US", "role": role, "name": "A Person"});
    // The operator can create admins, but no regulator, anywhere.
    for org in ["Regulator Office", "Operator"] {
        let r = post_with(
            &env,
            &admin,
            "/admin/users",
            new_reg("r2@x.test", org, "regulator"),
        )
        .await;
        assert_eq!(r.status(), 403, "{org}");
        let v: Value = r.json().await.unwrap();
        assert!(
            v["error"].as_str().unwrap().contains("only a regulator"),
            "{v}"
        );
    }
    let r = post_with(
        &env,
        &admin,
        "/admin/users",
        new_reg("op2@operator.test", "Operator", "admin"),
    )
    .await;
    assert_eq!(r.status(), 201);
    // A regulator creates regulators of its own office, and nothing else.
    let r = post_with(
        &env,
        &reg,
        "/admin/users",
        new_reg("reg2@regulator.test", "Regulator Office", "regulator"),
    )
    .await;
    assert_eq!(r.status(), 201);
    let r = post_with(
        &env,
        &reg,
        "/admin/users",
        new_reg("u@regulator.test", "Regulator Office", "user"),
    )
    .await;
    assert_eq!(r.status(), 403);
    let r = post_with(
        &env,
        &reg,
        "/admin/users",
        new_reg("r3@operator.test", "Operator", "regulator"),
    )
    .await;
    assert_eq!(r.status(), 403);
    // The operator cannot mint (or revoke) a regulator's key; the regulator can.
    let r = post_with(
        &env,
        &admin,
        "/admin/keys",
        json!({"email": "reg2@regulator.test"}),
    )
    .await;
    assert_eq!(r.status(), 403);
    let reg_kid = &env.keys["reg@regulator.test"][4..20];
    let r = post_with(
        &env,
        &admin,
        &format!("/admin/keys/{reg_kid}/revoke"),
        json!({"reason": "x"}),
    )
    .await;
    assert_eq!(r.status(), 403);
    let r = post_with(
        &env,
        &reg,
        "/admin/keys",
        json!({"email": "reg2@regulator.test", "days": 1}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let reg2: Value = r.json().await.unwrap();
    assert_eq!(
        get_with(&env, reg2["key"].as_str().unwrap(), "/regulator/authorised").await,
        200
    );
    let r = post_with(
        &env,
        &reg,
        "/admin/keys",
        json!({"email": "alice@dom.test"}),
    )
    .await;
    assert_eq!(r.status(), 403);
}

/// A signed EdDSA JWT with these claims.
fn signed_jwt(key: &SigningKey, claims: Value) -> String {
    let header =
        URL_SAFE_NO_PAD.encode(json!({"alg": "EdDSA", "kid": "k1", "typ": "JWT"}).to_string());
    let signed = format!("{header}.{}", URL_SAFE_NO_PAD.encode(claims.to_string()));
    let sig = key.sign(signed.as_bytes());
    format!("{signed}.{}", URL_SAFE_NO_PAD.encode(sig.to_bytes()))
}

#[tokio::test]
async fn each_issuer_asserts_only_the_users_bound_to_it() {
    let env = setup().await;
    let dir = tempfile::tempdir().unwrap();
    let operator_idp = SigningKey::from_bytes(&[11u8; 32]);
    let customer_idp = SigningKey::from_bytes(&[12u8; 32]);
    for (file, k) in [("op.json", &operator_idp), ("cust.json", &customer_idp)] {
        let jwks = json!({"keys": [{"kty": "OKP", "crv": "Ed25519", "kid": "k1",
            "x": URL_SAFE_NO_PAD.encode(k.verifying_key().as_bytes())}]});
        std::fs::write(dir.path().join(file), jwks.to_string()).unwrap();
    }
    let up = env.fake.base_url();
    let toml = format!(
        r#"
[[model]]
id = "open-general"
tier = "general"
upstream = "{up}"
api = "openai"

[[oidc]]
issuer = "https://idp.operator.test"
audience = "ferret-gateway"
jwks_file = "op.json"
orgs = ["Operator", "Regulator Office"]
email_domains = ["operator.test", "regulator.test"]

[[oidc]]
issuer = "https://idp.dom.test"
audience = "ferret-gateway"
jwks_file = "cust.json"
orgs = ["Domestic Approved Inc"]
"#
    );
    let config = GatewayConfig::parse(&toml, "t.toml", dir.path()).unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(env._dir.path()).await.unwrap());
    let audit = Arc::new(MemoryAuditSink::new());
    let gw = Gateway::new(config, store, audit.clone(), env._dir.path())
        .await
        .unwrap();
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(gw.serve(l, std::future::pending()));
    let token = |key: &SigningKey, iss: &str, email: &str, extra: Value| {
        let mut claims = json!({"iss": iss, "aud": "ferret-gateway", "sub": "s", "email": email,
            "exp": ferret_gateway::now() + 300});
        for (k, v) in extra.as_object().unwrap() {
            claims[k] = v.clone();
        }
        signed_jwt(key, claims)
    };
    let status = |tok: String, path: &'static str| {
        let http = env.http.clone();
        async move {
            let req = if path.starts_with("/v1/") {
                http.post(format!("http://{addr}{path}"))
                    .json(&json!({"model": "open-general", "messages": []}))
            } else {
                http.get(format!("http://{addr}{path}"))
            };
            req.bearer_auth(tok).send().await.unwrap().status().as_u16()
        }
    };
    let cust = "https://idp.dom.test";
    let op = "https://idp.operator.test";
    // The customer's IdP cannot speak for the operator, the regulator or another customer.
    for (email, path) in [
        ("admin@operator.test", "/admin/orgs"),
        ("reg@regulator.test", "/regulator/authorised"),
        ("olga@overseas.test", "/v1/chat/completions"),
        ("nobody@operator.test", "/admin/orgs"),
    ] {
        let st = status(token(&customer_idp, cust, email, json!({})), path).await;
        assert_eq!(st, 401, "customer IdP as {email}");
    }
    // Its own users it can.
    let st = status(
        token(&customer_idp, cust, "alice@dom.test", json!({})),
        "/v1/chat/completions",
    )
    .await;
    assert_eq!(st, 200);
    // The operator's IdP, for the operator and the regulator only.
    assert_eq!(
        status(
            token(&operator_idp, op, "admin@operator.test", json!({})),
            "/admin/orgs"
        )
        .await,
        200
    );
    assert_eq!(
        status(
            token(&operator_idp, op, "reg@regulator.test", json!({})),
            "/regulator/authorised"
        )
        .await,
        200
    );
    assert_eq!(
        status(
            token(&operator_idp, op, "alice@dom.test", json!({})),
            "/v1/chat/completions"
        )
        .await,
        401
    );
    // A key of one issuer does not sign for the other.
    assert_eq!(
        status(
            token(&customer_idp, op, "admin@operator.test", json!({})),
            "/admin/orgs"
        )
        .await,
        401
    );
    // An unverified address is refused (a boolean, or the string some providers send).
    for unverified in [json!(false), json!("false"), json!(0)] {
        let tok = token(
            &operator_idp,
            op,
            "admin@operator.test",
            json!({"email_verified": unverified}),
        );
        assert_eq!(status(tok, "/admin/orgs").await, 401, "{unverified}");
    }
    let tok = token(
        &operator_idp,
        op,
        "admin@operator.test",
        json!({"email_verified": true}),
    );
    assert_eq!(status(tok, "/admin/orgs").await, 200);
    // The refusals are audited with the reason.
    assert!(
        audit.events().iter().any(
            |e| matches!(e, AuditEvent::AuthFailure(f) if f.reason.contains("may not assert"))
        )
    );
    assert!(
        audit
            .events()
            .iter()
            .any(|e| matches!(e, AuditEvent::AuthFailure(f) if f.reason.contains("not verified")))
    );
    // Several issuers, one of them unbound: refused at start.
    let unbound = toml.replace("orgs = [\"Domestic Approved Inc\"]\n", "");
    let e = GatewayConfig::parse(&unbound, "t.toml", dir.path()).unwrap_err();
    assert!(e.to_string().contains("no binding"), "{e}");
}

#[tokio::test]
async fn screening_sees_through_invisible_and_look_alike_characters() {
    let env = setup().await;
    let csv = "source,name,alt_names,addresses,country\nEntity List (EL),Northwind Trading Company,Nordwind Handel,x,XX\nSDN,Ivan Petrovich Sidorov,,,XX\n";
    env.gw.admin().import_screening(csv, "test").await.unwrap();
    let admin = env.keys["admin@operator.test"].clone();
    let orgadmin = env.keys["orgadmin@dom.test"].clone();
    // Invisible characters are refused outright.
    for name in [
        "North\u{200b}wind Trading Company",
        "Acme \u{202e}gnp.exe",
        "Acme\u{2028}Labs",
    ] {
        let r = post_with(
            &env,
            &admin,
            "/admin/orgs",
            json!({"name": name, "country": "US"}),
        )
        .await;
        assert_eq!(r.status(), 400, "{name:?}");
        let v: Value = r.json().await.unwrap();
        assert!(v["error"].as_str().unwrap().contains("invisible"), "{v}");
    }
    // Look-alike letters are matched as what they look like.
    for (i, name) in [
        "N\u{043e}rthw\u{0456}nd Tr\u{0430}ding Company",
        "NORTHW1ND TRADING C0MPANY",
    ]
    .iter()
    .enumerate()
    {
        let r = post_with(
            &env,
            &admin,
            "/admin/orgs",
            json!({"name": name, "country": "US"}),
        )
        .await;
        assert_eq!(r.status(), 201, "{i}");
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["screening"], "quarantined", "{name:?}");
    }
    let user = |email: &str, name: Option<&str>| {
        let mut b = json!({"email": email, "org": "Domestic Approved Inc", "nationality": "US", "location": "US"});
        if let Some(n) = name {
            b["name"] = json!(n);
        }
        b
    };
    let r = post_with(
        &env,
        &orgadmin,
        "/admin/users",
        user("x1@dom.test", Some("Iv\u{200b}an Petrovich Sidorov")),
    )
    .await;
    assert_eq!(r.status(), 400);
    // Every person is screened: by name (a look-alike name too), and on the address.
    for (email, name) in [
        ("x2@dom.test", Some("Iv\u{0430}n Petr\u{043e}vich Sidorov")),
        ("sidorov_ivan_petrovich@dom.test", Some("John Smith")),
    ] {
        let r = post_with(&env, &orgadmin, "/admin/users", user(email, name)).await;
        assert_eq!(r.status(), 201, "{email}");
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["screening"], "quarantined", "{email}");
    }
    // A person registered over the API has a name: there is no unscreened registration.
    for name in [None, Some(" ")] {
        let r = post_with(
            &env,
            &orgadmin,
            "/admin/users",
            user("ivan.petrovich.sidorov@dom.test", name),
        )
        .await;
        assert_eq!(r.status(), 400, "{name:?}");
        let v: Value = r.json().await.unwrap();
        assert!(
            v["error"].as_str().unwrap().contains("name is required"),
            "{v}"
        );
    }
    let r = post_with(
        &env,
        &orgadmin,
        "/admin/users",
        user("jane.doe@dom.test", Some("Jane Doe")),
    )
    .await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["screening"], "clear");
    // Users the command line registers without a name are screened on the address, when
    // created and at every import.
    let admin = env.gw.admin();
    let u = admin
        .create_user(
            "ivan.petrovich.sidorov@dom.test",
            "Domestic Approved Inc",
            "US",
            "US",
            None,
            Role::User,
            "cli:test",
        )
        .await
        .unwrap();
    assert_eq!(u.screening.as_str(), "quarantined");
}

/// A second connection to the test's database, to see only what was committed.
async fn fresh_store(env: &Env) -> SqliteStore {
    SqliteStore::open(env._dir.path()).await.unwrap()
}

#[tokio::test]
async fn admin_changes_do_not_persist_without_their_audit_entry() {
    let env = setup().await;
    let admin = env.keys["admin@operator.test"].clone();
    let reg = env.keys["reg@regulator.test"].clone();
    let alice_kid = env.keys["alice@dom.test"][4..20].to_string();
    env.audit.set_failing(true);
    let calls: Vec<(&str, &str, String, Value)> = vec![
        (
            "regulator approves",
            &reg,
            "/regulator/orgs/Pending%20Labs%20LLC/approve".into(),
            json!({"reason": "vetted"}),
        ),
        (
            "regulator clears",
            &reg,
            "/regulator/orgs/Northwind%20Trading%20Co/screening".into(),
            json!({"disposition": "clear", "reason": "x"}),
        ),
        (
            "admin creates an admin",
            &admin,
            "/admin/users".into(),
            json!({"email": "ghost@operator.test", "org": "Operator", "nationality": "US", "location": "US", "role": "admin", "name": "G Host"}),
        ),
        (
            "admin creates an org",
            &admin,
            "/admin/orgs".into(),
            json!({"name": "Ghost Corp", "country": "US"}),
        ),
        (
            "admin mints a key",
            &admin,
            "/admin/keys".into(),
            json!({"email": "alice@dom.test", "days": 1}),
        ),
        (
            "admin revokes a key",
            &admin,
            format!("/admin/keys/{alice_kid}/revoke"),
            json!({"reason": "x"}),
        ),
        (
            "admin adds a quota",
            &admin,
            "/admin/quotas".into(),
            json!({"scope": "org", "requests_per_minute": 0}),
        ),
    ];
    for (what, key, path, body) in &calls {
        let r = post_with(&env, key, path, body.clone()).await;
        assert_eq!(r.status(), 503, "{what}");
    }
    let store = fresh_store(&env).await;
    let a = env.gw.admin();
    assert!(
        a.import_screening("name\nAcme\n", "test").await.is_err(),
        "an import without its audit entry fails"
    );
    assert!(
        a.dispose_user("alice@dom.test", Disposition::Confirm, "x", "test")
            .await
            .is_err()
    );
    assert!(
        a.add_country("FR", "embargoed", 0, "x", "test")
            .await
            .is_err()
    );
    env.audit.set_failing(false);
    // Nothing of it is visible, to this process or another connection.
    let pending = store
        .org_by_name("Pending Labs LLC")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(pending.status.as_str(), "applied");
    let nw = store
        .org_by_name("Northwind Trading Co")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(nw.screening.as_str(), "quarantined");
    assert!(
        store
            .user_by_email("ghost@operator.test")
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.org_by_name("Ghost Corp").await.unwrap().is_none());
    let dom = store
        .org_by_name("Domestic Approved Inc")
        .await
        .unwrap()
        .unwrap();
    let alice_keys = store
        .org_keys(dom.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|(e, _)| e == "alice@dom.test")
        .collect::<Vec<_>>();
    assert_eq!(alice_keys.len(), 1, "no new key");
    assert!(alice_keys[0].1.revoked_at.is_none(), "not revoked");
    assert!(store.quota_rules().await.unwrap().is_empty());
    assert_eq!(
        store.denied_parties().await.unwrap().len(),
        1,
        "old list kept"
    );
    let alice = store
        .user_by_email("alice@dom.test")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(alice.screening.as_str(), "clear");
    assert!(
        !store
            .country_tiers()
            .await
            .unwrap()
            .iter()
            .any(|t| t.country == "FR")
    );
    // And the gateway behaves as before.
    assert_eq!(env.chat("pat@pending.test", "frontier-lite").await.0, 403);
    assert_eq!(env.chat("alice@dom.test", "frontier-full").await.0, 200);
    // Once the log is back, the same change goes through, with its entry.
    let r = post_with(
        &env,
        &reg,
        "/regulator/orgs/Pending%20Labs%20LLC/approve",
        json!({"reason": "vetted"}),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(env.chat("pat@pending.test", "frontier-lite").await.0, 200);
}

#[tokio::test]
async fn cleared_person_is_not_requarantined_on_reimport() {
    let env = setup().await;
    let admin = env.gw.admin();
    let csv = "source,name,alt_names,addresses,country\nSDN,Ivan Petrovich Sidorov,,,XX\n";
    admin.import_screening(csv, "test").await.unwrap();
    let u = admin
        .create_user(
            "ips0@dom.test",
            "Domestic Approved Inc",
            "US",
            "US",
            Some("Ivan Petrovich Sidorov"),
            Role::User,
            "test",
        )
        .await
        .unwrap();
    assert_eq!(u.screening.as_str(), "quarantined");
    let r = post_with(
        &env,
        &env.keys["reg@regulator.test"],
        "/regulator/users/ips0@dom.test/screening",
        json!({"disposition": "clear", "reason": "different person"}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let report = admin.import_screening(csv, "test").await.unwrap();
    assert!(
        report.quarantined_users.is_empty(),
        "{:?}",
        report.quarantined_users
    );
    let u = admin
        .store
        .user_by_email("ips0@dom.test")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(u.screening.as_str(), "clear");
    // The history is kept.
    let events = admin.store.user_events(u.id).await.unwrap();
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["screening-hit", "screening-clear"]);
    // A hit on a different listed name is a new hit.
    let other = "source,name,alt_names,addresses,country\nSDN,SIDOROV Ivan Petrovich,,,XX\n";
    let report = admin.import_screening(other, "test").await.unwrap();
    assert_eq!(report.quarantined_users.len(), 1);
}

#[tokio::test]
async fn quota_targets_must_exist() {
    let env = setup().await;
    let admin = env.keys["admin@operator.test"].clone();
    let add = |body: Value| post_with(&env, &admin, "/admin/quotas", body);
    let refused = [
        (
            json!({"scope": "org", "only": "domestic approved inc", "requests_per_minute": 0}),
            "did you mean \"Domestic Approved Inc\"",
        ),
        (
            json!({"scope": "org", "only": "No Such Org", "requests_per_minute": 0}),
            "no organisation named",
        ),
        (
            json!({"scope": "user", "only": "nobody@dom.test", "requests_per_minute": 0}),
            "no user",
        ),
        (
            json!({"scope": "user", "only": "not an address", "requests_per_minute": 0}),
            "e-mail",
        ),
        (
            json!({"scope": "model", "only": "Frontier-Full", "requests_per_minute": 0}),
            "did you mean \"frontier-full\"",
        ),
        (
            json!({"scope": "model", "only": "gpt-9", "requests_per_minute": 0}),
            "no model",
        ),
    ];
    for (body, why) in refused {
        let r = add(body.clone()).await;
        assert_eq!(r.status(), 400, "{body}");
        let v: Value = r.json().await.unwrap();
        assert!(v["error"].as_str().unwrap().contains(why), "{body}: {v}");
    }
    // E-mail addresses match in any case: normalised.
    let r = add(json!({"scope": "user", "only": "ALICE@Dom.Test", "requests_per_minute": 1})).await;
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["rule"]["only"], "alice@dom.test");
    assert_eq!(env.chat("alice@dom.test", "open-general").await.0, 200);
    assert_eq!(env.chat("alice@dom.test", "open-general").await.0, 429);
    // The exact organisation name blocks it.
    let r = add(json!({"scope": "org", "only": "Domestic Approved Inc", "requests_per_minute": 0}))
        .await;
    assert_eq!(r.status(), 201);
    assert_eq!(env.chat("ivan@dom.test", "open-general").await.0, 429);
    assert_eq!(env.chat("olga@overseas.test", "open-general").await.0, 200);
    let r = add(json!({"scope": "model", "only": "frontier-lite", "requests_per_day": 100})).await;
    assert_eq!(r.status(), 201);
}
