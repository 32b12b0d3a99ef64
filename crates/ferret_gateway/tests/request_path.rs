//! Regression tests of the request path's defences, end to end: the gateway on loopback in
//! front of `fake_model`, over real sockets, with a real SQLite store in a temporary directory.
//! Token accounting of abandoned streams and of parallel calls, the failed-authentication
//! limiter, header and body read timeouts and the connection cap, auditing of refusals after
//! authentication, validation of the fields the gateway writes, and the body forwarded upstream.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use fake_model::{FakeConfig, FakeServer, Injection};
use ferret_gateway::Gateway;
use ferret_gateway::audit::{AuditEvent, MemoryAuditSink};
use ferret_gateway::config::GatewayConfig;
use ferret_gateway::ops::Vetting;
use ferret_gateway::store::{Role, SqliteStore, Store};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

struct Env {
    dir: tempfile::TempDir,
    fake: FakeServer,
    addr: SocketAddr,
    audit: Arc<MemoryAuditSink>,
    http: reqwest::Client,
    keys: HashMap<&'static str, String>,
}

const USERS: &[(&str, &str, Role)] = &[
    ("alice@dom.test", "Domestic Approved Inc", Role::User),
    ("bob@dom.test", "Domestic Approved Inc", Role::User),
    ("orgadmin@dom.test", "Domestic Approved Inc", Role::OrgAdmin),
    ("pat@pending.test", "Pending Labs LLC", Role::User),
    ("olga@other.test", "Other Approved Corp", Role::User),
];

async fn setup(extra_config: &str, fake_cfg: FakeConfig) -> Env {
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeServer::start(fake_cfg).await.unwrap();
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
id = "open-general"
tier = "general"
upstream = "{up}"
api = "openai"
upstream_model = "fake-small"

[[model]]
id = "open-plain"
tier = "general"
upstream = "{up}"
api = "openai"
"#
    );
    let config = GatewayConfig::parse(&toml, "test.toml", dir.path()).unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(dir.path()).await.unwrap());
    let audit = Arc::new(MemoryAuditSink::new());
    let gw = Gateway::new(config, store, audit.clone(), dir.path())
        .await
        .unwrap();
    let admin = gw.admin().clone();
    for (name, approve) in [
        ("Domestic Approved Inc", true),
        ("Pending Labs LLC", false),
        ("Other Approved Corp", true),
    ] {
        admin.create_org(name, "US", "test").await.unwrap();
        if approve {
            admin
                .vet(name, Vetting::Approve, "vetted", None, "reg@x.test")
                .await
                .unwrap();
        }
    }
    let mut keys = HashMap::new();
    for (email, org, role) in USERS {
        admin
            .create_user(email, org, "US", "US", None, *role, "test")
            .await
            .unwrap();
        keys.insert(
            *email,
            admin.create_key(email, None, "test").await.unwrap().key,
        );
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = gw.serve(listener, std::future::pending()).await;
    });
    Env {
        dir,
        fake,
        addr,
        audit,
        http: reqwest::Client::new(),
        keys,
    }
}

impl Env {
    fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    fn post(&self, who: &str, path: &str) -> reqwest::RequestBuilder {
        self.http.post(self.url(path)).bearer_auth(&self.keys[who])
    }

    /// Rows of the usage table: (prompt, completion) tokens.
    async fn usage_rows(&self) -> Vec<(i64, i64)> {
        let url = format!(
            "sqlite://{}?mode=ro",
            self.dir.path().join("gateway.db").display()
        );
        let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url)
            .await
            .unwrap();
        sqlx::query_as::<_, (i64, i64)>(
            "SELECT prompt_tokens, completion_tokens FROM usage ORDER BY id",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap()
    }

    /// Waits (bounded) until the usage table has `n` rows.
    async fn wait_usage(&self, n: usize) -> Vec<(i64, i64)> {
        for _ in 0..200 {
            let rows = self.usage_rows().await;
            if rows.len() >= n {
                return rows;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no usage row recorded");
    }

    fn refusals(&self) -> Vec<ferret_gateway::audit::RefusalRecord> {
        self.audit
            .events()
            .into_iter()
            .filter_map(|e| match e {
                AuditEvent::Refusal(r) => Some(r),
                _ => None,
            })
            .collect()
    }
}

/// Reads from `s` until the peer closes the connection (bounded: the test fails if it does not
/// close within a minute); returns what was read.
async fn read_until_closed(s: &mut TcpStream) -> String {
    let mut all = Vec::new();
    let mut buf = [0u8; 4096];
    let closed = tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => all.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "the gateway kept the connection open");
    String::from_utf8_lossy(&all).into_owned()
}

// Defect 4: a client that leaves before the usage chunk is still charged for the stream.
#[tokio::test]
async fn abandoned_stream_is_charged_its_real_usage() {
    let env = setup(
        "[[quota]]\nscope = \"user\"\ntokens_per_minute = 30\n",
        FakeConfig {
            reply: Some("w ".repeat(30)),
            chunk_delay: Duration::from_millis(40),
            ..FakeConfig::default()
        },
    )
    .await;
    let mut r = env
        .post("alice@dom.test", "/v1/chat/completions")
        .json(
            &json!({"model": "open-plain", "stream": true, "max_tokens": 10,
            "messages": [{"role": "user", "content": "hello there"}]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let first = r.chunk().await.unwrap().unwrap();
    assert!(first.starts_with(b"data: "));
    drop(r); // the client goes away long before the usage chunk
    // The gateway drained the upstream and recorded the usage it reported: 2 prompt words,
    // 30 reply words.
    assert_eq!(env.wait_usage(1).await, vec![(2, 30)]);
    // And the 32 tokens count against the quota of 30 a minute.
    let r = env
        .post("alice@dom.test", "/v1/chat/completions")
        .json(&json!({"model": "open-plain", "max_tokens": 10,
            "messages": [{"role": "user", "content": "hello there"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
}

// Defect 4: a stream without any usage figure (the upstream dropped it) is estimated, not 0/0.
#[tokio::test]
async fn stream_without_usage_is_estimated_not_zero() {
    let env = setup(
        "",
        FakeConfig {
            reply: Some("word ".repeat(40)),
            ..FakeConfig::default()
        },
    )
    .await;
    env.fake.inject_next(Injection::DropConnection, 1);
    let r = env
        .post("alice@dom.test", "/v1/chat/completions")
        .json(&json!({"model": "open-plain", "stream": true,
            "messages": [{"role": "user", "content": "hello there"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let _ = r.bytes().await; // cut mid-way by the upstream
    let rows = env.wait_usage(1).await;
    assert!(rows[0].0 > 0 && rows[0].1 > 0, "{rows:?}");
}

// Defect 5: parallel calls reserve tokens at admission; request quotas stay exact.
#[tokio::test]
async fn parallel_streams_cannot_overshoot_the_token_quota() {
    let env = setup(
        "[[quota]]\nscope = \"user\"\nonly = \"alice@dom.test\"\ntokens_per_minute = 5000\n\n[[quota]]\nscope = \"org\"\nonly = \"Other Approved Corp\"\nrequests_per_minute = 10\n",
        FakeConfig {
            reply: Some("t ".repeat(20)),
            chunk_delay: Duration::from_millis(30),
            ..FakeConfig::default()
        },
    )
    .await;
    let env = Arc::new(env);
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let env = env.clone();
        tasks.push(tokio::spawn(async move {
            let r = env
                .post("alice@dom.test", "/v1/chat/completions")
                .json(
                    &json!({"model": "open-plain", "stream": true, "max_tokens": 2000,
                    "messages": [{"role": "user", "content": "count"}]}),
                )
                .send()
                .await
                .unwrap();
            let st = r.status().as_u16();
            let _ = r.bytes().await;
            st
        }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            200 => ok += 1,
            429 => {}
            s => panic!("status {s}"),
        }
    }
    // Each call reserves about 2,000 tokens: at most three fit under 5,000 at once.
    assert!((1..=3).contains(&ok), "{ok} calls admitted");
    assert_eq!(env.fake.requests().len(), ok);

    // Requests per minute stay exact under concurrency (within one minute window). The token
    // rule above is alice's alone: on olga's calls, each reserving the default output allowance,
    // a shared token limit would refuse some of them whenever enough happen to be in flight at
    // once, and how many overlap depends on how busy the machine is.
    if ferret_gateway::now().rem_euclid(60) > 50 {
        tokio::time::sleep(Duration::from_secs(11)).await;
    }
    let first_minute = ferret_gateway::now().div_euclid(60);
    let mut tasks = Vec::new();
    for _ in 0..60 {
        let env = env.clone();
        tasks.push(tokio::spawn(async move {
            env.post("olga@other.test", "/v1/chat/completions")
                .json(
                    &json!({"model": "open-plain", "messages": [{"role": "user", "content": "x"}]}),
                )
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut ok = 0;
    for t in tasks {
        if t.await.unwrap() == 200 {
            ok += 1;
        }
    }
    // On a slow machine the calls may straddle two minute windows: ten in each at most.
    let windows = ferret_gateway::now().div_euclid(60) - first_minute + 1;
    if windows == 1 {
        assert_eq!(ok, 10);
    } else {
        assert!(
            (10..=20).contains(&ok),
            "{ok} admitted over {windows} windows"
        );
    }
}

// Defect 6: failed authentications are limited per source and summarised, not logged one by
// one without bound; a good key from the same address is unaffected.
#[tokio::test]
async fn failed_authentications_are_limited_and_summarised() {
    let env = setup(
        "[limits]\nauth_failure_burst = 3\nauth_failures_per_minute = 1\nauth_failure_summary_secs = 1\n",
        FakeConfig::default(),
    )
    .await;
    let mut statuses = Vec::new();
    for i in 0..12 {
        let r = env
            .http
            .get(env.url("/v1/models"))
            .bearer_auth(format!("fgw_bogus{i:07}_secret"))
            .send()
            .await
            .unwrap();
        if r.status() == 429 {
            assert!(r.headers().contains_key("retry-after"));
        }
        statuses.push(r.status().as_u16());
    }
    assert_eq!(&statuses[..3], &[401, 401, 401]);
    assert!(statuses[3..].iter().all(|&s| s == 429), "{statuses:?}");
    let singles = || {
        env.audit
            .events()
            .iter()
            .filter(|e| matches!(e, AuditEvent::AuthFailure(_)))
            .count()
    };
    assert_eq!(singles(), 3, "the first failures are audited one by one");
    // A valid key from the same address still works.
    let r = env
        .post("alice@dom.test", "/v1/chat/completions")
        .json(&json!({"model": "open-plain", "messages": [{"role": "user", "content": "x"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // The others appear as counts in summary entries (the interval is one second).
    let summaries = || -> Vec<_> {
        env.audit
            .events()
            .into_iter()
            .filter_map(|e| match e {
                AuditEvent::AuthFailureSummary(s) => Some(s),
                _ => None,
            })
            .collect()
    };
    for _ in 0..100 {
        if summaries().iter().map(|s| s.failures).sum::<u64>() >= 9 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let all = summaries();
    assert!(all.iter().all(|s| s.source == "127.0.0.1"), "{all:?}");
    assert_eq!(
        all.iter()
            .map(|s| (s.failures, s.limited))
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1)),
        (9, 9)
    );
    assert_eq!(singles(), 3);
    let entry = AuditEvent::AuthFailureSummary(all[0].clone()).to_entry();
    assert_eq!(entry.actor, "source:127.0.0.1");
}

// Defect 7: partial headers are cut off after the header-read timeout.
#[tokio::test]
async fn partial_headers_are_closed_after_the_timeout() {
    let env = setup(
        "[limits]\nheader_read_timeout_secs = 1\n",
        FakeConfig::default(),
    )
    .await;
    let mut s = TcpStream::connect(env.addr).await.unwrap();
    s.write_all(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Ty")
        .await
        .unwrap();
    read_until_closed(&mut s).await;
    // A connection that sends nothing at all is closed too.
    let mut idle = TcpStream::connect(env.addr).await.unwrap();
    read_until_closed(&mut idle).await;
}

// Defect 7: a body trickled without credentials is refused at once (nothing of it is read
// before authentication); with credentials it has a deadline.
#[tokio::test]
async fn trickled_bodies_do_not_hold_connections() {
    let env = setup(
        "[limits]\nbody_read_timeout_secs = 1\n",
        FakeConfig::default(),
    )
    .await;
    let head = |auth: &str| {
        format!(
            "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n{auth}Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"model\":"
        )
    };
    let mut s = TcpStream::connect(env.addr).await.unwrap();
    s.write_all(head("").as_bytes()).await.unwrap();
    let out = read_until_closed(&mut s).await;
    assert!(out.starts_with("HTTP/1.1 401"), "{out}");
    let auth = format!("Authorization: Bearer {}\r\n", env.keys["alice@dom.test"]);
    let mut s = TcpStream::connect(env.addr).await.unwrap();
    s.write_all(head(&auth).as_bytes()).await.unwrap();
    let out = read_until_closed(&mut s).await;
    assert!(out.starts_with("HTTP/1.1 408"), "{out}");
    assert_eq!(env.fake.requests().len(), 0);
}

// Defect 7: the connection cap holds; waiting connections are served once slots free up.
#[tokio::test]
async fn connection_cap_bounds_open_connections() {
    let env = setup(
        "[limits]\nheader_read_timeout_secs = 1\nmax_connections = 2\n",
        FakeConfig::default(),
    )
    .await;
    let mut socks = Vec::new();
    for _ in 0..6 {
        let mut s = TcpStream::connect(env.addr).await.unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHo").await.unwrap();
        socks.push(s);
    }
    for s in &mut socks {
        read_until_closed(s).await;
    }
    let text = env
        .http
        .get(env.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let peak: u64 = text
        .lines()
        .find_map(|l| l.strip_prefix("ferret_gateway_peak_connections "))
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&peak), "peak {peak}");
}

// Defect 10: refusals after authentication are audited (who, route, why).
#[tokio::test]
async fn refusals_after_authentication_are_audited() {
    let env = setup("", FakeConfig::default()).await;
    // Role refusal.
    let r = env
        .post(
            "alice@dom.test",
            "/regulator/orgs/Pending%20Labs%20LLC/approve",
        )
        .json(&json!({"reason": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // Scope refusal: an org-admin asks for a key for another organisation's user.
    let r = env
        .post("orgadmin@dom.test", "/admin/keys")
        .json(&json!({"email": "olga@other.test"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let got = env.refusals();
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(
        (got[0].email.as_str(), got[0].status, got[0].route.as_str()),
        (
            "alice@dom.test",
            403,
            "POST /regulator/orgs/Pending%20Labs%20LLC/approve"
        )
    );
    assert_eq!(
        (got[1].email.as_str(), got[1].status, got[1].route.as_str()),
        ("orgadmin@dom.test", 404, "POST /admin/keys")
    );
    // The proxy's refusals: malformed JSON, unknown model, body too large.
    let bodies = [
        ("{\"model\": ".to_string(), 400),
        (json!({"model": "no-such-model"}).to_string(), 404),
        (
            json!({"model": "open-plain", "x": "y".repeat(20_000)}).to_string(),
            413,
        ),
    ];
    for (body, status) in bodies {
        let r = env
            .post("alice@dom.test", "/v1/chat/completions")
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), status);
        let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
        let last = env.refusals().pop().unwrap();
        assert_eq!(last.status, status);
        assert_eq!(last.request_id.as_deref(), Some(rid.as_str()));
        assert_eq!(last.route, "POST /v1/chat/completions");
        assert!(!last.reason.is_empty());
    }
    assert_eq!(env.fake.requests().len(), 0);
    // The admin API's own body refusals: a malformed body from an authenticated caller.
    let before = env.refusals().len();
    let r = env
        .post("alice@dom.test", "/admin/keys/abc/revoke")
        .header("content-type", "application/json")
        .body("{\"reason\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        403,
        "a plain user is refused by role before the body is read"
    );
    let r = env
        .post("orgadmin@dom.test", "/admin/keys")
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let got = env.refusals();
    assert_eq!(got.len(), before + 2, "{got:?}");
    let last = got.last().unwrap();
    assert_eq!(
        (last.email.as_str(), last.status, last.route.as_str()),
        ("orgadmin@dom.test", 400, "POST /admin/keys")
    );
    assert!(
        last.reason.starts_with("invalid JSON body"),
        "{}",
        last.reason
    );
}

// Defect 13: a non-object `stream_options` is a 400, decided and charged nothing.
#[tokio::test]
async fn non_object_stream_options_is_a_400_not_a_panic() {
    let env = setup(
        "[[quota]]\nscope = \"user\"\nrequests_per_minute = 1\n",
        FakeConfig::default(),
    )
    .await;
    for so in [json!(1), json!("x"), json!([1]), json!(true)] {
        let r = env
            .post("alice@dom.test", "/v1/chat/completions")
            .json(
                &json!({"model": "open-plain", "stream": true, "stream_options": so,
                "messages": [{"role": "user", "content": "x"}]}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{so}");
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["error"]["type"], "invalid_request_error");
    }
    assert_eq!(env.fake.requests().len(), 0);
    let decisions = env
        .audit
        .events()
        .iter()
        .filter(|e| matches!(e, AuditEvent::Decision(_)))
        .count();
    assert_eq!(
        decisions, 0,
        "no decision for a request that was never decided"
    );
    // The request quota (1/min) was not charged.
    let r = env
        .post("alice@dom.test", "/v1/chat/completions")
        .json(&json!({"model": "open-plain", "stream": true, "stream_options": {"include_usage": false},
            "messages": [{"role": "user", "content": "x"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let _ = r.bytes().await;
}

// Defect 14: the upstream receives the document that was authorised, with one `model`.
#[tokio::test]
async fn duplicate_model_keys_reach_the_upstream_once() {
    let env = setup("", FakeConfig::default()).await;
    // A pending organisation may use general-tier models only.
    let body = r#"{"model":"frontier-full","messages":[{"role":"user","content":"hi"}],"model":"open-plain"}"#;
    let r = env
        .post("pat@pending.test", "/v1/chat/completions")
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let sent = env.fake.requests().pop().unwrap().body;
    let text = String::from_utf8(sent.to_vec()).unwrap();
    assert_eq!(text.matches("\"model\"").count(), 1, "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["model"], "open-plain");
}
