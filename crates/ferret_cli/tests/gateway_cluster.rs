//! Several real `ferret gateway serve` processes on one PostgreSQL database, on loopback: quota
//! counters exact across instances, revocations effective on the next request at every
//! instance, console sessions shared and kept across restarts, and PostgreSQL cut off mid-run
//! (503, nothing counted or half-written, service back when it is). Each test has a database of
//! its own; without PostgreSQL they fail unless `FERRET_SKIP_POSTGRES_TESTS=1`.

#![cfg(feature = "gateway")]

mod cluster;

use cluster::pgproxy::PgProxy;
use cluster::{Cluster, ask, chat, within_one_minute};
use fake_model::{FakeConfig, FakeServer};
use ferret_gateway::store::testing::TestDatabase;
use tokio::runtime::Runtime;

fn setup(label: &str) -> Option<(Runtime, FakeServer, TestDatabase)> {
    ferret_gateway::install_crypto_provider();
    let rt = Runtime::new().unwrap();
    let db = rt.block_on(TestDatabase::for_test(label))?;
    let fake = rt
        .block_on(FakeServer::start(FakeConfig {
            reply: Some("one two three four five six seven eight nine ten".into()),
            ..FakeConfig::default()
        }))
        .unwrap();
    Some((rt, fake, db))
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[test]
fn two_hundred_requests_on_three_instances_pass_a_quota_of_ten_exactly() {
    let Some((rt, fake, db)) = setup("cluster_rpm") else {
        return;
    };
    let quota = "[[quota]]\nscope = \"user\"\nrequests_per_minute = 10\n";
    let c = Cluster::start(db, 3, &fake.base_url(), quota, None);
    within_one_minute(30);
    let statuses = rt.block_on(async {
        let http = client();
        let tasks: Vec<_> = (0..200)
            .map(|i| {
                let (http, url, key) = (http.clone(), c.urls[i % 3].clone(), c.keys.alice.clone());
                tokio::spawn(async move { chat(&http, &url, &key, &ask(&format!("q{i}"))).await.0 })
            })
            .collect();
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap());
        }
        out
    });
    let ok = statuses.iter().filter(|&&s| s == 200).count();
    let limited = statuses.iter().filter(|&&s| s == 429).count();
    assert_eq!((ok, limited), (10, 190), "{statuses:?}");
    assert_eq!(
        fake.requests().len(),
        10,
        "exactly ten reached the upstream"
    );
}

#[test]
fn a_token_quota_is_exceeded_by_at_most_one_reservation_across_instances() {
    let Some((rt, fake, db)) = setup("cluster_tpm") else {
        return;
    };
    const LIMIT: u64 = 1500;
    let quota = format!("[[quota]]\nscope = \"user\"\ntokens_per_minute = {LIMIT}\n");
    let c = Cluster::start(db, 2, &fake.base_url(), &quota, None);
    within_one_minute(40);
    // Each call reserves its prompt (bytes / 4) and max_tokens; the fake upstream uses about as
    // much (the prompt's words and a ten-word reply), so the limit is reached by real usage.
    let body = |i: usize| {
        serde_json::json!({"model": "open-general", "max_tokens": 12,
            "messages": [{"role": "user", "content": format!("w{i} x x x x x x x x x x x x x x x x x")}]})
    };
    let reservation =
        |i: usize| serde_json::to_vec(&body(i)).unwrap().len().div_ceil(4) as u64 + 12;
    let (used, admitted, refused, largest) = rt.block_on(async {
        let http = client();
        let (mut used, mut admitted, mut refused, mut largest) = (0u64, 0usize, 0usize, 0u64);
        // Waves of 20 parallel calls, alternating instances, until the quota refuses.
        for wave in 0..40 {
            let tasks: Vec<_> = (0..20)
                .map(|j| {
                    let i = wave * 20 + j;
                    let (http, url, key) =
                        (http.clone(), c.urls[i % 2].clone(), c.keys.alice.clone());
                    let b = body(i);
                    tokio::spawn(async move { (i, chat(&http, &url, &key, &b).await) })
                })
                .collect();
            let mut wave_refused = 0;
            for t in tasks {
                let (i, (status, v)) = t.await.unwrap();
                match status {
                    200 => {
                        admitted += 1;
                        used += v["usage"]["total_tokens"].as_u64().unwrap();
                        largest = largest.max(reservation(i));
                    }
                    429 => wave_refused += 1,
                    s => panic!("status {s}: {v}"),
                }
            }
            refused += wave_refused;
            if wave_refused == 20 {
                break;
            }
        }
        (used, admitted, refused, largest)
    });
    eprintln!("used {used} tokens of {LIMIT}, one reservation {largest}, {refused} refused");
    assert!(refused > 0, "the quota refused calls");
    assert!(used <= LIMIT + largest, "{used} > {LIMIT} + {largest}");
    assert!(used >= LIMIT / 2, "the quota was used ({used})");
    assert_eq!(
        fake.requests().len(),
        admitted,
        "only admitted calls reached the upstream"
    );
}

#[test]
fn a_revocation_through_one_instance_is_refused_at_the_other_on_the_next_request() {
    let Some((rt, fake, db)) = setup("cluster_revoke") else {
        return;
    };
    let c = Cluster::start(db, 2, &fake.base_url(), "", None);
    rt.block_on(async {
        let http = client();
        let k = &c.keys;
        // The lite tier is for approved organisations only.
        let lite = serde_json::json!({"model": "frontier-lite",
            "messages": [{"role": "user", "content": "hi"}]});
        for url in &c.urls {
            assert_eq!(chat(&http, url, &k.alice, &ask("hi")).await.0, 200);
            assert_eq!(chat(&http, url, &k.bob, &lite).await.0, 200);
        }
        // The key, revoked by an operator through instance 0 ...
        let r = http
            .post(format!("{}/admin/keys/{}/revoke", c.urls[0], k.alice_id))
            .bearer_auth(&k.admin)
            .json(&serde_json::json!({"reason": "laptop lost"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        // ... is refused by instance 1 on the very next request.
        assert_eq!(chat(&http, &c.urls[1], &k.alice, &ask("hi")).await.0, 401);
        // An organisation's approval, revoked by the regulator through instance 1 ...
        let r = http
            .post(format!("{}/regulator/orgs/Beta%20GmbH/revoke", c.urls[1]))
            .bearer_auth(&k.regulator)
            .json(&serde_json::json!({"reason": "licence withdrawn"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        // ... ends its users' access at instance 0 at once.
        assert_eq!(chat(&http, &c.urls[0], &k.bob, &lite).await.0, 403);
    });
}

/// Logs in to the console at `url` with `key`; returns the session cookie.
async fn console_login(http: &reqwest::Client, url: &str, key: &str) -> String {
    let r = http
        .get(format!("{url}/console/login"))
        .send()
        .await
        .unwrap();
    let cookie = cookie_of(&r);
    let html = r.text().await.unwrap();
    let marker = "name=\"nonce\" value=\"";
    let at = html.find(marker).expect("nonce field") + marker.len();
    let nonce = &html[at..at + 64];
    let r = http
        .post(format!("{url}/console/login"))
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("nonce={nonce}&credential={}", form_escape(key)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "login");
    cookie_of(&r)
}

fn form_escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn cookie_of(r: &reqwest::Response) -> String {
    let set = r.headers().get("set-cookie").expect("a cookie");
    set.to_str().unwrap().split(';').next().unwrap().to_string()
}

async fn console_status(http: &reqwest::Client, url: &str, cookie: &str) -> u16 {
    let r = http
        .get(format!("{url}/console"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    r.status().as_u16()
}

#[test]
fn a_console_login_holds_on_every_instance_and_across_a_restart() {
    let Some((rt, fake, db)) = setup("cluster_console") else {
        return;
    };
    let mut c = Cluster::start(db, 2, &fake.base_url(), "", None);
    let http = client();
    let cookie = rt.block_on(console_login(&http, &c.urls[0], &c.keys.admin));
    assert_eq!(rt.block_on(console_status(&http, &c.urls[0], &cookie)), 200);
    assert_eq!(
        rt.block_on(console_status(&http, &c.urls[1], &cookie)),
        200,
        "other instance"
    );
    c.restart(1);
    assert_eq!(
        rt.block_on(console_status(&http, &c.urls[1], &cookie)),
        200,
        "after a restart"
    );
    c.restart(0);
    assert_eq!(
        rt.block_on(console_status(&http, &c.urls[0], &cookie)),
        200,
        "both restarted"
    );
    // A forged cookie is no session anywhere.
    let forged = format!("ferret_console={}", "0".repeat(64));
    assert_eq!(rt.block_on(console_status(&http, &c.urls[1], &forged)), 303);
}

#[test]
fn postgres_cut_off_mid_run_fails_closed_and_service_resumes() {
    let Some((rt, fake, db)) = setup("cluster_cut") else {
        return;
    };
    let mut proxy = rt.block_on(PgProxy::start("127.0.0.1:5432".parse().unwrap()));
    let via = db.url.replace("127.0.0.1:5432", &proxy.addr.to_string());
    assert_ne!(
        via, db.url,
        "the test database is reached through the proxy"
    );
    let quota = "[[quota]]\nscope = \"user\"\nrequests_per_day = 5\n";
    let c = Cluster::start(db, 2, &fake.base_url(), quota, Some(via));
    let http = client();
    rt.block_on(async {
        let k = &c.keys;
        for url in &c.urls {
            assert_eq!(chat(&http, url, &k.alice, &ask("before")).await.0, 200);
        }
        proxy.cut().await;
        // Every request fails closed: 503, whichever instance and whoever asks.
        let during: Vec<_> = [&k.alice, &k.bob, &k.alice, &k.bob]
            .into_iter()
            .enumerate()
            .map(|(i, key)| {
                let (http, url, key) = (http.clone(), c.urls[i % 2].clone(), key.clone());
                tokio::spawn(async move { chat(&http, &url, &key, &ask("during")).await })
            })
            .collect();
        for t in during {
            let (status, v) = t.await.unwrap();
            assert_eq!(status, 503, "{v}");
        }
        // An administrative change attempted meanwhile is refused, and leaves nothing.
        let r = http
            .post(format!("{}/admin/orgs", c.urls[0]))
            .bearer_auth(&k.admin)
            .json(&serde_json::json!({"name": "Ghost Ltd", "country": "US"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 503);
        proxy.restore().await;
        // Service resumes; the refused calls were not counted: 3 of the day's 5 are left.
        let mut statuses = Vec::new();
        for i in 0..5 {
            statuses.push(chat(&http, &c.urls[i % 2], &k.alice, &ask("after")).await.0);
        }
        assert_eq!(statuses, [200, 200, 200, 429, 429]);
        let r = http
            .get(format!("{}/admin/orgs/Ghost%20Ltd", c.urls[1]))
            .bearer_auth(&k.admin)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "nothing half-written");
    });
    assert_eq!(
        fake.requests().len(),
        5,
        "2 before, 3 after, none during the cut"
    );
}
