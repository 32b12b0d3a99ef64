//! The web console, end to end: the real gateway on loopback over a real SQLite database in a
//! temporary directory. The HTTP tests check the server side (sessions, CSRF, roles, scoping,
//! escaping, headers); the browser tests drive headless Chromium through chromedriver (see the
//! `browser_test` crate) and save screenshots under the target directory's `tmp/`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use browser_test::{Browser, skip_requested};
use ed25519_dalek::{Signer, SigningKey};
use ferret_gateway::Gateway;
use ferret_gateway::audit::AuditSink;
use ferret_gateway::config::GatewayConfig;
use ferret_gateway::ops::Vetting;
use ferret_gateway::store::{OrgStatus, Role, SqliteStore, Store};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, LOCATION, SET_COOKIE};
use serde_json::{Value, json};

const ISSUER: &str = "https://idp.example.test";
const APPLICANT: &str = "Acme Applied Labs";
const HOME_ORG: &str = "Domestic Approved Inc";
const OTHER_ORG: &str = "Other Org GmbH";
const NASTY_ORG: &str = "<script>alert(1)</script> Ltd";

/// The audit sink under test: the gateway's Merkle log in the test's data directory (the tests
/// read it only through the `AuditSink` trait).
fn audit_sink(data_dir: &std::path::Path) -> Arc<dyn AuditSink> {
    let log = ferret_audit::Log::open(&data_dir.join("audit"), ferret_audit::LogOptions::default())
        .expect("open the audit log");
    Arc::new(ferret_gateway::audit::MerkleAuditSink::new(Arc::new(log)))
}

/// What the proof page must report for an entry of [`audit_sink`]: the Merkle log's inclusion
/// proof verifies against its signed checkpoint.
const EXPECTED_PROOF_STATUS: &str = "verified";

struct Env {
    _dir: tempfile::TempDir,
    addr: SocketAddr,
    gw: Gateway,
    audit: Arc<dyn AuditSink>,
    http: reqwest::Client,
    keys: std::collections::HashMap<&'static str, String>,
    jwt_key: SigningKey,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

/// (email, org, role)
const USERS: &[(&str, &str, Role)] = &[
    ("reg@regulator.test", "Regulator Office", Role::Regulator),
    ("admin@operator.test", "Operator", Role::Admin),
    ("orgadmin@dom.test", HOME_ORG, Role::OrgAdmin),
    ("alice@dom.test", HOME_ORG, Role::User),
    ("bob@other.test", OTHER_ORG, Role::User),
    ("pat@acme.test", APPLICANT, Role::User),
];

async fn setup() -> Env {
    setup_with_sink(audit_sink).await
}

async fn setup_with_sink(make_sink: fn(&std::path::Path) -> Arc<dyn AuditSink>) -> Env {
    let dir = tempfile::tempdir().unwrap();
    let jwt_key = SigningKey::from_bytes(&[7u8; 32]);
    let jwks = json!({"keys": [{"kty": "OKP", "crv": "Ed25519", "kid": "k1",
        "x": URL_SAFE_NO_PAD.encode(jwt_key.verifying_key().as_bytes())}]});
    std::fs::write(dir.path().join("jwks.json"), jwks.to_string()).unwrap();
    let toml = format!(
        r#"
[[quota]]
scope = "org"
requests_per_minute = 60
tokens_per_day = 100000

[[oidc]]
issuer = "{ISSUER}"
audience = "ferret-gateway"
jwks_file = "jwks.json"
any_user = true
"#
    );
    let config = GatewayConfig::parse(&toml, "test.toml", dir.path()).unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(dir.path()).await.unwrap());
    let audit = make_sink(dir.path());
    let gw = Gateway::new(config, store, audit.clone(), dir.path())
        .await
        .unwrap();
    let admin = gw.admin().clone();
    for (name, approve) in [
        (APPLICANT, false),
        (HOME_ORG, true),
        (OTHER_ORG, true),
        (NASTY_ORG, false),
        ("Operator", false),
        ("Regulator Office", false),
    ] {
        admin.create_org(name, "US", "test").await.unwrap();
        if approve {
            admin
                .vet(name, Vetting::Approve, "vetted", Some("licence D1"), "test")
                .await
                .unwrap();
        }
    }
    let mut keys = std::collections::HashMap::new();
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
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = gw.clone();
    tokio::spawn(async move {
        let _ = server
            .serve(listener, async {
                let _ = rx.await;
            })
            .await;
    });
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .unwrap();
    Env {
        _dir: dir,
        addr,
        gw,
        audit,
        http,
        keys,
        jwt_key,
        stop: Some(tx),
    }
}

impl Env {
    fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    fn jwt(&self, email: &str) -> String {
        self.jwt_until(email, ferret_gateway::now() + 600)
    }

    /// An ID token for `email` expiring at `exp`.
    fn jwt_until(&self, email: &str, exp: i64) -> String {
        let header =
            URL_SAFE_NO_PAD.encode(json!({"alg": "EdDSA", "kid": "k1", "typ": "JWT"}).to_string());
        let claims = URL_SAFE_NO_PAD.encode(
            json!({"iss": ISSUER, "aud": "ferret-gateway", "sub": "s-1", "email": email,
                "exp": exp})
            .to_string(),
        );
        let signed = format!("{header}.{claims}");
        let sig = self.jwt_key.sign(signed.as_bytes());
        format!("{signed}.{}", URL_SAFE_NO_PAD.encode(sig.to_bytes()))
    }

    /// The login form's nonce and its cookie.
    async fn login_nonce(&self) -> (String, String) {
        let r = self
            .http
            .get(self.url("/console/login"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let cookie = cookie_of(&r);
        let html = r.text().await.unwrap();
        let marker = "name=\"nonce\" value=\"";
        let at = html.find(marker).expect("nonce field") + marker.len();
        (html[at..at + 64].to_string(), cookie)
    }

    async fn login_raw(&self, credential: &str) -> reqwest::Response {
        let (nonce, cookie) = self.login_nonce().await;
        self.http
            .post(self.url("/console/login"))
            .header("content-type", FORM)
            .header("cookie", cookie)
            .body(form_body(&[("nonce", &nonce), ("credential", credential)]))
            .send()
            .await
            .unwrap()
    }

    /// Logs in with the user's API key; returns the `Cookie` header value.
    async fn login(&self, who: &str) -> String {
        let r = self.login_raw(&self.keys[who]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "login of {who}");
        cookie_of(&r)
    }

    async fn get(&self, cookie: &str, path: &str) -> (StatusCode, String) {
        let r = self
            .http
            .get(self.url(path))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        (r.status(), r.text().await.unwrap())
    }

    async fn post(&self, cookie: &str, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .header("cookie", cookie)
            .header("content-type", FORM)
            .body(form_body(form))
            .send()
            .await
            .unwrap()
    }

    /// The CSRF token from a page of this session.
    async fn csrf(&self, cookie: &str) -> String {
        let (status, html) = self.get(cookie, "/console").await;
        assert_eq!(status, StatusCode::OK);
        let at = html.find("name=\"csrf\" value=\"").expect("csrf field") + 19;
        html[at..at + 64].to_string()
    }

    /// Every entry of the audit log, parsed.
    async fn audit_entries(&self) -> Vec<Value> {
        let size = self.audit.size().await.unwrap();
        self.audit
            .entries(0, usize::try_from(size).unwrap())
            .await
            .unwrap()
            .iter()
            .map(|e| serde_json::from_str(&e.json).unwrap())
            .collect()
    }

    /// (actor, action, target) of every admin entry of the audit log.
    async fn admin_actions(&self) -> Vec<(String, String, String)> {
        self.audit_entries()
            .await
            .into_iter()
            .filter(|e| {
                matches!(
                    e["kind"].as_str(),
                    Some("admin-action" | "regulator-action" | "key-event")
                )
            })
            .map(|e| {
                let f = |k: &str| e[k].as_str().unwrap_or_default().to_string();
                (f("actor"), f("action"), f("subject"))
            })
            .collect()
    }

    async fn org_status(&self, name: &str) -> OrgStatus {
        self.gw.admin().org(name).await.unwrap().status
    }
}

/// Whether the response sets a console session cookie.
fn opens_session(r: &reqwest::Response) -> bool {
    r.headers()
        .get_all(SET_COOKIE)
        .iter()
        .any(|c| c.to_str().unwrap().starts_with("ferret_console="))
}

/// The first cookie the response sets, as `name=value`.
fn cookie_of(r: &reqwest::Response) -> String {
    let set = r
        .headers()
        .get(SET_COOKIE)
        .expect("a cookie")
        .to_str()
        .unwrap();
    set.split(';').next().unwrap().to_string()
}

const FORM: &str = "application/x-www-form-urlencoded";

fn form_body(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", seg(k), seg(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn seg(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Server side, over plain HTTP.

#[tokio::test]
async fn login_opens_a_strict_session_and_pages_carry_the_csp() {
    let env = setup().await;
    // No session: to the login page.
    let r = env.http.get(env.url("/console")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/console/login");
    let csp = r.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.starts_with("default-src 'self'"), "{csp}");
    assert!(!csp.contains("http"), "no external host in {csp}");

    let r = env.login_raw(&env.keys["reg@regulator.test"]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/console");
    let set = r.headers()[SET_COOKIE].to_str().unwrap().to_string();
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/console", "Max-Age="] {
        assert!(set.contains(attr), "{attr} missing from {set}");
    }
    let cookie = cookie_of(&r);
    let token = cookie.split_once('=').unwrap().1;
    assert_eq!(token.len(), 64, "opaque random token");
    assert!(!token.contains("reg"), "the cookie carries no identity");

    let r = env
        .http
        .get(env.url("/console"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert_eq!(r.headers()["x-frame-options"], "DENY");
    assert!(
        r.headers()[CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("script-src 'none'")
    );
    let html = r.text().await.unwrap();
    assert!(html.contains("reg@regulator.test") && html.contains("Vetting queue"));
    assert!(!html.contains("<script"), "the console serves no script");
    assert!(
        env.admin_actions()
            .await
            .iter()
            .any(|(actor, action, _)| actor == "reg@regulator.test" && action == "console.login")
    );
}

#[tokio::test]
async fn bad_credentials_and_plain_users_get_no_session() {
    let env = setup().await;
    let before = env.audit.size().await.unwrap();
    let r = env
        .login_raw("fgw_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(!opens_session(&r));
    assert!(r.text().await.unwrap().contains("not accepted"));
    // Audited as an authentication failure, like the API's.
    let last = env.audit_entries().await.pop().unwrap();
    assert_eq!(env.audit.size().await.unwrap(), before + 1);
    assert_eq!(last["kind"], "auth-failure");

    let r = env.login_raw(&env.keys["alice@dom.test"]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(!opens_session(&r));
    assert!(r.text().await.unwrap().contains("no access to the console"));
}

#[tokio::test]
async fn login_form_needs_its_own_nonce() {
    let env = setup().await;
    let key = &env.keys["reg@regulator.test"];
    let post = |nonce: String, cookie: Option<String>| {
        let mut req = env
            .http
            .post(env.url("/console/login"))
            .header("content-type", FORM)
            .body(form_body(&[("nonce", &nonce), ("credential", key)]));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send()
    };
    let (nonce, cookie) = env.login_nonce().await;
    assert!(cookie.starts_with("ferret_login="));
    // A forged form from elsewhere has no nonce cookie, or a nonce that does not match it.
    let r = post(nonce.clone(), None).await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(!opens_session(&r));
    let (other, _) = env.login_nonce().await;
    let r = post(other, Some(cookie.clone())).await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post(nonce, Some(cookie)).await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let set: Vec<_> = r.headers().get_all(SET_COOKIE).iter().collect();
    assert!(set[0].to_str().unwrap().starts_with("ferret_console="));
    assert!(
        set[1]
            .to_str()
            .unwrap()
            .contains("ferret_login=; Path=/console/login")
    );
    assert!(!set[0].to_str().unwrap().contains("Secure"), "plain HTTP");

    // Behind a TLS-terminating proxy the session cookie is Secure.
    let (nonce, cookie) = env.login_nonce().await;
    let r = env
        .http
        .post(env.url("/console/login"))
        .header("content-type", FORM)
        .header("cookie", cookie)
        .header("x-forwarded-proto", "https")
        .body(form_body(&[("nonce", &nonce), ("credential", key)]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(
        r.headers()[SET_COOKIE]
            .to_str()
            .unwrap()
            .ends_with("; Secure")
    );
}

#[tokio::test]
async fn oidc_id_token_logs_in() {
    let env = setup().await;
    let r = env.login_raw(&env.jwt("admin@operator.test")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let cookie = cookie_of(&r);
    let (status, html) = env.get(&cookie, "/console/quotas").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("admin@operator.test"));
    assert!(
        html.contains("100000"),
        "the configured token quota is listed"
    );
    // A token for nobody of record is refused.
    let r = env.login_raw(&env.jwt("stranger@nowhere.test")).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn state_changes_need_the_sessions_csrf_token() {
    let env = setup().await;
    let cookie = env.login("reg@regulator.test").await;
    let path = format!("/console/vetting/{}/approve", seg(APPLICANT));
    for bad in [
        "",
        "0000000000000000000000000000000000000000000000000000000000000000",
    ] {
        let r = env
            .post(
                &cookie,
                &path,
                &[("csrf", bad), ("reason", "ok"), ("basis", "")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    // Another session's token does not do either.
    let other = env.login("reg@regulator.test").await;
    let other_csrf = env.csrf(&other).await;
    let r = env
        .post(&cookie, &path, &[("csrf", &other_csrf), ("reason", "ok")])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(env.org_status(APPLICANT).await, OrgStatus::Applied);

    let csrf = env.csrf(&cookie).await;
    let r = env
        .post(
            &cookie,
            &path,
            &[
                ("csrf", &csrf),
                ("reason", "export licence checked"),
                ("basis", "licence D9"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(env.org_status(APPLICANT).await, OrgStatus::Approved);
    // Audited exactly like the regulator API's approval.
    assert!(env.admin_actions().await.contains(&(
        "reg@regulator.test".into(),
        "org.approve".into(),
        APPLICANT.into()
    )));
    let (_, html) = env.get(&cookie, "/console/vetting").await;
    assert!(html.contains("approve → approved"), "flash message shown");
}

#[tokio::test]
async fn roles_are_checked_on_the_server() {
    let env = setup().await;
    let orgadmin = env.login("orgadmin@dom.test").await;
    let reg = env.login("reg@regulator.test").await;
    let admin = env.login("admin@operator.test").await;
    for path in [
        "/console/vetting",
        "/console/screening",
        "/console/audit",
        "/console/authorised",
        "/console/authorised/export/csv",
        "/console/quotas",
    ] {
        assert_eq!(
            env.get(&orgadmin, path).await.0,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    assert_eq!(
        env.get(&reg, "/console/quotas").await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        env.get(&admin, "/console/vetting").await.0,
        StatusCode::FORBIDDEN
    );
    // The operator cannot decide on applications, even with a valid form.
    let csrf = env.csrf(&admin).await;
    let r = env
        .post(
            &admin,
            &format!("/console/vetting/{}/approve", seg(APPLICANT)),
            &[("csrf", &csrf), ("reason", "x")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(env.org_status(APPLICANT).await, OrgStatus::Applied);
    // A regulator sees organisations but cannot create keys.
    let csrf = env.csrf(&reg).await;
    let r = env
        .post(
            &reg,
            &format!("/console/orgs/{}/keys", seg(HOME_ORG)),
            &[("csrf", &csrf), ("email", "alice@dom.test"), ("days", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn org_admin_is_confined_to_its_organisation() {
    let env = setup().await;
    let cookie = env.login("orgadmin@dom.test").await;
    let (status, html) = env.get(&cookie, "/console/orgs").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(HOME_ORG));
    assert!(!html.contains(OTHER_ORG) && !html.contains(APPLICANT));
    let (status, html) = env
        .get(&cookie, &format!("/console/orgs/{}", seg(OTHER_ORG)))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains("bob@other.test"));
    // The same answer as for an organisation that does not exist.
    let (status, _) = env.get(&cookie, "/console/orgs/No%20Such%20Org").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let csrf = env.csrf(&cookie).await;
    let r = env
        .post(
            &cookie,
            &format!("/console/orgs/{}/users", seg(OTHER_ORG)),
            &[
                ("csrf", &csrf),
                ("email", "mallory@other.test"),
                ("nationality", "US"),
                ("location", "US"),
                ("role", "user"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Keys of another organisation's user: neither created nor revoked.
    let r = env
        .post(
            &cookie,
            &format!("/console/orgs/{}/keys", seg(HOME_ORG)),
            &[("csrf", &csrf), ("email", "bob@other.test"), ("days", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let bob_key_id = &env.keys["bob@other.test"][4..20];
    let r = env
        .post(
            &cookie,
            &format!("/console/keys/{bob_key_id}/revoke"),
            &[("csrf", &csrf), ("reason", "mine now")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let store = env.gw.admin().store.clone();
    let (k, _) = store.principal_by_key(bob_key_id).await.unwrap().unwrap();
    assert!(k.revoked_at.is_none());
    // Granting a role above its own is refused.
    let r = env
        .post(
            &cookie,
            &format!("/console/orgs/{}/users", seg(HOME_ORG)),
            &[
                ("csrf", &csrf),
                ("email", "boss@dom.test"),
                ("nationality", "US"),
                ("location", "US"),
                ("role", "admin"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Its own organisation's users it manages.
    let r = env
        .post(
            &cookie,
            &format!("/console/orgs/{}/users", seg(HOME_ORG)),
            &[
                ("csrf", &csrf),
                ("email", "carol@dom.test"),
                ("name", "Carol Example"),
                ("nationality", "US"),
                ("location", "US"),
                ("role", "user"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(env.admin_actions().await.contains(&(
        "orgadmin@dom.test".into(),
        "user.create".into(),
        "carol@dom.test".into()
    )));
}

#[tokio::test]
async fn operator_creates_org_user_and_key_shown_once_then_revokes_it() {
    let env = setup().await;
    let cookie = env.login("admin@operator.test").await;
    let csrf = env.csrf(&cookie).await;
    let r = env
        .post(
            &cookie,
            "/console/orgs",
            &[
                ("csrf", &csrf),
                ("name", "Newco Research"),
                ("country", "us"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = env
        .post(
            &cookie,
            "/console/orgs/Newco%20Research/users",
            &[
                ("csrf", &csrf),
                ("email", "nina@newco.test"),
                ("name", "Nina Newco"),
                ("nationality", "US"),
                ("location", "US"),
                ("role", "org-admin"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = env
        .post(
            &cookie,
            "/console/orgs/Newco%20Research/keys",
            &[
                ("csrf", &csrf),
                ("email", "nina@newco.test"),
                ("days", "30"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    let marker = "id=\"new-key-value\">";
    let at = html.find(marker).unwrap() + marker.len();
    let key = &html[at..html[at..].find('<').unwrap() + at];
    assert!(key.starts_with("fgw_"), "{key}");
    // The key works (Nina is an org-admin: the console lets her in) ...
    let nina = env.login_raw(key).await;
    assert_eq!(nina.status(), StatusCode::SEE_OTHER);
    let nina = cookie_of(&nina);
    // ... and is never shown again.
    let (_, page) = env.get(&cookie, "/console/orgs/Newco%20Research").await;
    assert!(!page.contains(key) && page.contains(&key[4..20]));
    // Revoking it ends her console session at once.
    let r = env
        .post(
            &cookie,
            &format!("/console/keys/{}/revoke", &key[4..20]),
            &[("csrf", &csrf), ("reason", "left the company")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = env
        .http
        .get(env.url("/console"))
        .header("cookie", &nina)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/console/login");
    let actions = env.admin_actions().await;
    for a in ["org.create", "user.create", "key.create", "key.revoke"] {
        assert!(
            actions
                .iter()
                .any(|(actor, action, _)| actor == "admin@operator.test" && action == a),
            "{a} audited"
        );
    }
}

#[tokio::test]
async fn operator_sets_and_removes_quota_rules() {
    let env = setup().await;
    let cookie = env.login("admin@operator.test").await;
    let csrf = env.csrf(&cookie).await;
    let add = |fields: Vec<(&'static str, &'static str)>| {
        let mut form = vec![("csrf", csrf.as_str())];
        form.extend(fields);
        let cookie = cookie.clone();
        let env = &env;
        async move { env.post(&cookie, "/console/quotas", &form).await }
    };
    // At least one limit, and whole numbers.
    let r = add(vec![("scope", "user"), ("only", "")]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = add(vec![("scope", "user"), ("requests_per_minute", "many")]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = add(vec![
        ("scope", "user"),
        ("only", "alice@dom.test"),
        ("requests_per_minute", "5"),
        ("tokens_per_day", "900"),
    ])
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = env.get(&cookie, "/console/quotas").await;
    assert!(
        html.contains(
            "Quota rule 1 in force: user alice@dom.test: 5 requests/min, 900 tokens/day."
        )
    );
    assert!(html.contains("id=\"stored-quotas\"") && html.contains("100000"));
    // The JSON API reads the same rules.
    let api: Value = env
        .http
        .get(env.url("/admin/quotas"))
        .bearer_auth(&env.keys["admin@operator.test"])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api["stored"][0]["rule"]["only"], "alice@dom.test");
    assert_eq!(api["configured"][0]["tokens_per_day"], 100000);

    let r = env
        .post(
            &cookie,
            "/console/quotas/1/remove",
            &[("csrf", &csrf), ("reason", "trial over")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = env
        .post(
            &cookie,
            "/console/quotas/1/remove",
            &[("csrf", &csrf), ("reason", "again")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let actions = env.admin_actions().await;
    for a in ["quota.add", "quota.remove"] {
        assert!(
            actions
                .iter()
                .any(|(actor, action, target)| actor == "admin@operator.test"
                    && action == a
                    && target == "quota 1"),
            "{a} audited"
        );
    }
}

#[tokio::test]
async fn every_value_is_escaped() {
    let env = setup().await;
    let cookie = env.login("reg@regulator.test").await;
    for path in ["/console/orgs", "/console/vetting"] {
        let (status, html) = env.get(&cookie, path).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!html.contains("<script>alert(1)"), "{path} unescaped");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Ltd"),
            "{path}"
        );
    }
    let (status, html) = env
        .get(&cookie, &format!("/console/orgs/{}", seg(NASTY_ORG)))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("<script>alert(1)"));
}

#[tokio::test]
async fn exports_download_as_csv_and_json() {
    let env = setup().await;
    let cookie = env.login("reg@regulator.test").await;
    let r = env
        .http
        .get(env.url("/console/authorised/export/csv"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()[CONTENT_DISPOSITION],
        "attachment; filename=\"authorised.csv\""
    );
    let csv = r.text().await.unwrap();
    assert!(csv.starts_with("name,country,approved_by,approved_at,basis\n"));
    assert!(csv.contains(HOME_ORG) && csv.contains(OTHER_ORG) && !csv.contains(APPLICANT));
    let (status, json) = env.get(&cookie, "/console/authorised/export/json").await;
    assert_eq!(status, StatusCode::OK);
    let rows: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2);
    assert_eq!(
        env.get(&cookie, "/console/authorised/export/xml").await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn logout_ends_the_session() {
    let env = setup().await;
    let cookie = env.login("reg@regulator.test").await;
    let csrf = env.csrf(&cookie).await;
    // Without the token, logout is refused (no forced logout from another site).
    let r = env.post(&cookie, "/console/logout", &[("csrf", "x")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = env
        .post(&cookie, "/console/logout", &[("csrf", &csrf)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(
        r.headers()[SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let r = env
        .http
        .get(env.url("/console/vetting"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn regulator_disposes_of_screening_hits() {
    let env = setup().await;
    let admin = env.gw.admin().clone();
    admin
        .create_org("Nordwind Handel GmbH", "DE", "test")
        .await
        .unwrap();
    admin
        .create_user(
            "ivan@dom.test",
            HOME_ORG,
            "US",
            "US",
            Some("Ivan Listed"),
            Role::User,
            "test",
        )
        .await
        .unwrap();
    let csv = "source,name,alt_names,addresses,country\n\
               Entity List (EL),Nordwind Handel GmbH,,\"1 Harbour Rd\",DE\n\
               Entity List (EL),Ivan Listed,,,XX\n";
    let report = admin.import_screening(csv, "test").await.unwrap();
    assert_eq!(report.quarantined_orgs.len(), 1);
    assert_eq!(report.quarantined_users.len(), 1);

    let cookie = env.login("reg@regulator.test").await;
    let (status, html) = env.get(&cookie, "/console/screening").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Nordwind Handel GmbH") && html.contains("ivan@dom.test"));
    assert!(html.contains("screening hit"), "the hit is shown");
    let csrf = env.csrf(&cookie).await;
    let r = env
        .post(
            &cookie,
            "/console/screening/orgs/Nordwind%20Handel%20GmbH",
            &[
                ("csrf", &csrf),
                ("disposition", "confirm"),
                ("reason", "same party"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = env
        .post(
            &cookie,
            "/console/screening/users/ivan%40dom.test",
            &[
                ("csrf", &csrf),
                ("disposition", "clear"),
                ("reason", "different person"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = env
        .post(
            &cookie,
            "/console/screening/users/ivan%40dom.test",
            &[("csrf", &csrf), ("disposition", "maybe"), ("reason", "x")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let (_, html) = env.get(&cookie, "/console/screening").await;
    assert!(html.contains("id=\"org-hits-empty\"") && html.contains("id=\"user-hits-empty\""));
    let actions = env.admin_actions().await;
    assert!(actions.contains(&(
        "reg@regulator.test".into(),
        "org.screening-confirm".into(),
        "Nordwind Handel GmbH".into()
    )));
    assert!(actions.contains(&(
        "reg@regulator.test".into(),
        "user.screening-clear".into(),
        "ivan@dom.test".into()
    )));
}

#[tokio::test]
async fn audit_pages_and_proof_check() {
    let env = setup().await;
    let cookie = env.login("reg@regulator.test").await;
    let size = env.audit.size().await.unwrap();
    let (status, html) = env.get(&cookie, "/console/audit").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("{size} entries")));
    assert!(
        html.contains("console.login"),
        "the tail shows the newest entries"
    );
    let (status, html) = env.get(&cookie, "/console/audit?start=5").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"older\""), "older pages are linked");
    assert!(!html.contains("id=\"proof-4\"") && html.contains("id=\"proof-5\""));
    let (status, html) = env.get(&cookie, "/console/audit?start=0").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"proof-0\"") && html.contains("org.create"));
    // Checkpoints are signed at least every second: wait until one covers entry 0.
    for _ in 0..100 {
        if env.audit.check_inclusion(0).await.is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let (status, html) = env.get(&cookie, "/console/audit/0").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!("data-status=\"{EXPECTED_PROOF_STATUS}\"")),
        "{html}"
    );
    assert!(html.contains("id=\"entry-json\""));
    let (status, _) = env
        .get(&cookie, &format!("/console/audit/{}", size + 100))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_log_without_reading_or_proofs_is_said_plainly() {
    // The durable JSON-lines sink (what `serve` opens today) can neither be read back nor prove
    // inclusion: the console says so instead of failing.
    let env = setup_with_sink(|dir| {
        Arc::new(ferret_gateway::audit::JsonlAuditSink::open(&dir.join("audit.jsonl")).unwrap())
    })
    .await;
    let cookie = env.login("reg@regulator.test").await;
    let (status, html) = env.get(&cookie, "/console/audit").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"audit-unreadable\""), "{html}");
    let (status, html) = env.get(&cookie, "/console/audit/0").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("data-status=\"unsupported\""));
    assert!(html.contains("not tamper-evident"));
}

/// The form of `html` with this id (its HTML up to `</form>`).
fn form_html<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let end = html[at..].find("</form>")? + at;
    Some(&html[at..end])
}

#[tokio::test]
async fn org_admin_cannot_act_on_admins_or_regulators_of_its_organisation() {
    let env = setup().await;
    let admin = env.gw.admin().clone();
    for (email, role) in [
        ("helper@operator.test", Role::OrgAdmin),
        ("auditor@operator.test", Role::Regulator),
    ] {
        admin
            .create_user(email, "Operator", "US", "US", None, role, "cli:test")
            .await
            .unwrap();
    }
    let helper_key = admin
        .create_key("helper@operator.test", None, "cli:test")
        .await
        .unwrap()
        .key;
    let r = env.login_raw(&helper_key).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let helper = cookie_of(&r);
    let (status, html) = env.get(&helper, "/console/orgs/Operator").await;
    assert_eq!(status, StatusCode::OK);
    // Only what it may do is offered: keys for itself, no key of the admin to revoke, the
    // roles user and org-admin.
    let key_form = form_html(&html, "new-key").expect("key form");
    assert!(key_form.contains("helper@operator.test"));
    assert!(!key_form.contains("admin@operator.test") && !key_form.contains("auditor@"));
    let admin_kid = &env.keys["admin@operator.test"][4..20];
    assert!(html.contains(admin_kid), "the key is listed");
    assert!(!html.contains(&format!("/console/keys/{admin_kid}/revoke")));
    let user_form = form_html(&html, "new-user").expect("user form");
    assert!(!user_form.contains("value=\"admin\"") && !user_form.contains("value=\"regulator\""));
    // And a forged form is refused all the same.
    let csrf = env.csrf(&helper).await;
    for email in ["admin@operator.test", "auditor@operator.test"] {
        let r = env
            .post(
                &helper,
                "/console/orgs/Operator/keys",
                &[("csrf", &csrf), ("email", email), ("days", "1")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{email}");
    }
    let r = env
        .post(
            &helper,
            &format!("/console/keys/{admin_kid}/revoke"),
            &[("csrf", &csrf), ("reason", "mine now")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let store = env.gw.admin().store.clone();
    let (k, _) = store.principal_by_key(admin_kid).await.unwrap().unwrap();
    assert!(k.revoked_at.is_none());
    assert!(
        !env.admin_actions()
            .await
            .iter()
            .any(|(actor, action, _)| actor == "helper@operator.test" && action.starts_with("key."))
    );
}

#[tokio::test]
async fn regulators_are_created_by_regulators_only() {
    let env = setup().await;
    let admin = env.login("admin@operator.test").await;
    let (_, html) = env.get(&admin, "/console/orgs/Regulator%20Office").await;
    let user_form = form_html(&html, "new-user").expect("user form");
    assert!(user_form.contains("value=\"admin\""));
    assert!(
        !user_form.contains("value=\"regulator\""),
        "not offered to an admin"
    );
    let new_user = |csrf: &str, email: &str, role: &str| {
        vec![
            ("csrf".to_string(), csrf.to_string()),
            ("email".into(), email.into()),
            ("nationality".into(), "US".into()),
            ("location".into(), "US".into()),
            ("role".into(), role.into()),
            ("name".into(), "A Regulator".into()),
        ]
    };
    let post = |cookie: &str, path: &str, form: Vec<(String, String)>| {
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let body = form_body(&pairs);
        env.http
            .post(env.url(path))
            .header("cookie", cookie)
            .header("content-type", FORM)
            .body(body)
            .send()
    };
    let csrf = env.csrf(&admin).await;
    let r = post(
        &admin,
        "/console/orgs/Regulator%20Office/users",
        new_user(&csrf, "r2@regulator.test", "regulator"),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // The regulator adds a colleague and gives them a key.
    let reg = env.login("reg@regulator.test").await;
    let (_, html) = env.get(&reg, "/console/orgs/Regulator%20Office").await;
    let user_form = form_html(&html, "new-user").expect("user form");
    assert!(user_form.contains("value=\"regulator\"") && !user_form.contains("value=\"user\""));
    let (_, html) = env
        .get(&reg, &format!("/console/orgs/{}", seg(HOME_ORG)))
        .await;
    assert!(form_html(&html, "new-user").is_none() && form_html(&html, "new-key").is_none());
    let csrf = env.csrf(&reg).await;
    let r = post(
        &reg,
        "/console/orgs/Regulator%20Office/users",
        new_user(&csrf, "r2@regulator.test", "regulator"),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post(
        &reg,
        "/console/orgs/Regulator%20Office/users",
        new_user(&csrf, "u2@regulator.test", "admin"),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = env
        .post(
            &reg,
            "/console/orgs/Regulator%20Office/keys",
            &[
                ("csrf", &csrf),
                ("email", "r2@regulator.test"),
                ("days", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // The admin can no longer mint a key for them.
    let csrf = env.csrf(&admin).await;
    let r = env
        .post(
            &admin,
            "/console/orgs/Regulator%20Office/keys",
            &[
                ("csrf", &csrf),
                ("email", "r2@regulator.test"),
                ("days", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

/// The refusal entries of the audit log: (email, status, reason).
async fn refusals(env: &Env) -> Vec<(String, String, String)> {
    env.audit_entries()
        .await
        .into_iter()
        .filter(|e| e["action"] == "request.refuse")
        .map(|e| {
            assert_eq!(e["kind"], "decision");
            assert_eq!(e["outcome"], "refused");
            let a = |k: &str| e["attrs"][k].as_str().unwrap_or_default().to_string();
            (a("email"), a("status"), a("reason"))
        })
        .collect()
}

#[tokio::test]
async fn console_refusals_are_audited() {
    let env = setup().await;
    // A plain user's login.
    let r = env.login_raw(&env.keys["alice@dom.test"]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A page the role may not use; another organisation.
    let orgadmin = env.login("orgadmin@dom.test").await;
    assert_eq!(
        env.get(&orgadmin, "/console/vetting").await.0,
        StatusCode::FORBIDDEN
    );
    let other = format!("/console/orgs/{}", seg(OTHER_ORG));
    assert_eq!(env.get(&orgadmin, &other).await.0, StatusCode::NOT_FOUND);
    // Forms without the session's CSRF token: wrong, and missing.
    let reg = env.login("reg@regulator.test").await;
    let path = format!("/console/vetting/{}/approve", seg(APPLICANT));
    let r = env
        .post(&reg, &path, &[("csrf", "x"), ("reason", "ok")])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = env.post(&reg, &path, &[("reason", "ok")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(env.org_status(APPLICANT).await, OrgStatus::Applied);
    let got = refusals(&env).await;
    let has = |email: &str, status: &str, why: &str| {
        got.iter()
            .any(|(e, s, r)| e == email && s == status && r.contains(why))
    };
    assert!(
        has("alice@dom.test", "403", "no access to the console"),
        "{got:?}"
    );
    assert!(
        has("orgadmin@dom.test", "403", "GET /console/vetting"),
        "{got:?}"
    );
    assert!(has("orgadmin@dom.test", "404", OTHER_ORG), "{got:?}");
    assert_eq!(
        got.iter()
            .filter(|(e, s, r)| e == "reg@regulator.test" && s == "403" && r.contains("CSRF"))
            .count(),
        2,
        "{got:?}"
    );
}

#[tokio::test]
async fn an_oidc_session_ends_with_its_id_token() {
    let env = setup().await;
    let now = ferret_gateway::now();
    // A token that is still accepted (within the clock leeway) but has expired: no session.
    let r = env
        .login_raw(&env.jwt_until("admin@operator.test", now - 5))
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(!opens_session(&r));
    assert!(r.text().await.unwrap().contains("expired"));
    // A token valid for two more minutes: a session of two minutes at most.
    let r = env
        .login_raw(&env.jwt_until("admin@operator.test", now + 120))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let set = r.headers()[SET_COOKIE].to_str().unwrap().to_string();
    let max_age: i64 = set
        .split("Max-Age=")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((100..=120).contains(&max_age), "{set}");
    assert_eq!(env.get(&cookie_of(&r), "/console").await.0, StatusCode::OK);
    // On the server too, whatever the browser does with the cookie: a token valid for two
    // more seconds gives a session of two seconds.
    let r = env
        .login_raw(&env.jwt_until("admin@operator.test", ferret_gateway::now() + 2))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let short = cookie_of(&r);
    assert_eq!(env.get(&short, "/console").await.0, StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(2600)).await;
    let (status, _) = env.get(&short, "/console").await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "the session ended with the token"
    );
    // An API key's session keeps the console's own limits (the key is re-checked instead).
    let r = env.login_raw(&env.keys["admin@operator.test"]).await;
    assert!(
        r.headers()[SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=28800")
    );
}

// ---------------------------------------------------------------------------------------------
// In headless Chromium.

fn shots_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("console-screenshots")
}

async fn browser(downloads: Option<&std::path::Path>) -> Option<Browser> {
    if skip_requested() {
        eprintln!("browser test skipped: {}=1", browser_test::SKIP_ENV);
        return None;
    }
    match Browser::launch_with(downloads).await {
        Ok(b) => Some(b),
        Err(e) => panic!("cannot start headless Chromium: {e}"),
    }
}

async fn browser_login(b: &Browser, env: &Env, who: &str, shot: Option<&str>) {
    b.goto(&env.url("/console/login")).await.unwrap();
    b.fill("#credential", &env.keys[who]).await.unwrap();
    if let Some(name) = shot {
        b.screenshot(&shots_dir().join(name)).await.unwrap();
    }
    b.click_and_wait("#login").await.unwrap();
    assert_eq!(b.find("#whoami").await.unwrap().text().await.unwrap(), who);
}

/// The text of the table row of `table` whose text contains `needle`, and its index.
async fn row_with(b: &Browser, table: &str, needle: &str) -> Option<(usize, String)> {
    for (i, row) in b
        .find_all(&format!("#{table} tbody tr"))
        .await
        .unwrap()
        .iter()
        .enumerate()
    {
        let t = row.text().await.unwrap();
        if t.contains(needle) {
            return Some((i, t));
        }
    }
    None
}

#[tokio::test]
async fn browser_regulator_approves_revokes_exports_and_checks_a_proof() {
    let env = setup().await;
    let downloads = tempfile::tempdir().unwrap();
    let Some(b) = browser(Some(downloads.path())).await else {
        return;
    };
    browser_login(&b, &env, "reg@regulator.test", Some("01-login.png")).await;
    // The session cookie is HttpOnly and strict.
    let cookies = b.cookies().await.unwrap();
    let c = cookies
        .iter()
        .find(|c| c["name"] == "ferret_console")
        .expect("session cookie");
    assert_eq!(c["httpOnly"], true);
    assert_eq!(c["sameSite"], "Strict");

    // The vetting queue lists the applicant; approve it with a reason and a basis.
    b.click_and_wait("a[href='/console/vetting']")
        .await
        .unwrap();
    let (_, row) = row_with(&b, "queue", APPLICANT)
        .await
        .expect("applicant queued");
    assert!(row.contains("applied") || row.contains("clear"));
    let form = format!("form[action='/console/vetting/{}/approve']", seg(APPLICANT));
    b.fill(
        &format!("{form} input[name=reason]"),
        "export licence checked",
    )
    .await
    .unwrap();
    b.fill(&format!("{form} input[name=basis]"), "licence D-2026-17")
        .await
        .unwrap();
    b.screenshot(&shots_dir().join("02-vetting-queue.png"))
        .await
        .unwrap();
    b.click_and_wait(&format!("{form} button")).await.unwrap();
    let flash = b.find("#flash").await.unwrap().text().await.unwrap();
    assert!(flash.contains("approve → approved"), "{flash}");
    assert!(row_with(&b, "queue", APPLICANT).await.is_none());

    // The authorised list shows it, with who approved it, the basis and its history.
    b.click_and_wait("a[href='/console/authorised']")
        .await
        .unwrap();
    let (_, row) = row_with(&b, "authorised", APPLICANT)
        .await
        .expect("authorised");
    assert!(row.contains("reg@regulator.test") && row.contains("licence D-2026-17"));
    b.screenshot(&shots_dir().join("03-authorised-list.png"))
        .await
        .unwrap();

    // Export: the browser downloads the CSV.
    b.click("#export-csv").await.unwrap();
    let file = downloads.path().join("authorised.csv");
    let mut csv = String::new();
    for _ in 0..200 {
        if let Ok(t) = std::fs::read_to_string(&file)
            && t.contains(APPLICANT)
        {
            csv = t;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        csv.starts_with("name,country,approved_by,approved_at,basis"),
        "downloaded CSV: {csv:?}"
    );
    assert!(csv.contains("licence D-2026-17"));

    // Revoke access, with a reason: it leaves the authorised list at once.
    let form = format!("form[action='/console/vetting/{}/revoke']", seg(APPLICANT));
    b.fill(&format!("{form} input[name=reason]"), "licence withdrawn")
        .await
        .unwrap();
    b.click_and_wait(&format!("{form} button")).await.unwrap();
    let flash = b.find("#flash").await.unwrap().text().await.unwrap();
    assert!(flash.contains("revoke → revoked"), "{flash}");
    assert!(row_with(&b, "authorised", APPLICANT).await.is_none());
    b.screenshot(&shots_dir().join("04-after-revoke.png"))
        .await
        .unwrap();
    assert_eq!(env.org_status(APPLICANT).await, OrgStatus::Revoked);

    // The audit log has the revocation; once a signed checkpoint covers it (at least every
    // second), open that entry's proof.
    let last = env.audit.size().await.unwrap() - 1;
    for _ in 0..100 {
        if env.audit.check_inclusion(last).await.is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    b.click_and_wait("a[href='/console/audit']").await.unwrap();
    let needle = format!("org.revoke {APPLICANT}");
    let (i, _) = row_with(&b, "audit", &needle)
        .await
        .expect("revocation logged");
    let rows = b.find_all("#audit tbody tr").await.unwrap();
    b.screenshot(&shots_dir().join("05-audit-log.png"))
        .await
        .unwrap();
    rows[i]
        .find("a.proof-link")
        .await
        .unwrap()
        .click_and_wait()
        .await
        .unwrap();
    let entry = b.find("#entry-json").await.unwrap().text().await.unwrap();
    assert!(entry.contains("\"action\":\"org.revoke\""), "{entry}");
    assert!(entry.contains("licence withdrawn"));
    let result = b.find("#proof-result").await.unwrap();
    assert_eq!(
        result.attr("data-status").await.unwrap().as_deref(),
        Some(EXPECTED_PROOF_STATUS),
        "proof page: {}",
        result.text().await.unwrap()
    );
    let text = result.text().await.unwrap();
    assert!(text.to_lowercase().contains("verified"), "{text}");
    b.screenshot(&shots_dir().join("06-proof.png"))
        .await
        .unwrap();

    // Logging out ends the session.
    b.click_and_wait("#logout").await.unwrap();
    b.goto(&env.url("/console/vetting")).await.unwrap();
    assert!(b.url().await.unwrap().ends_with("/console/login"));
}

#[tokio::test]
async fn browser_org_admin_cannot_see_another_organisation() {
    let env = setup().await;
    let Some(b) = browser(None).await else {
        return;
    };
    browser_login(&b, &env, "orgadmin@dom.test", None).await;
    b.goto(&env.url("/console/orgs")).await.unwrap();
    let listed: Vec<String> = {
        let mut v = Vec::new();
        for a in b.find_all("#orgs a.org-link").await.unwrap() {
            v.push(a.text().await.unwrap());
        }
        v
    };
    assert_eq!(listed, [HOME_ORG]);
    b.click_and_wait("a.org-link").await.unwrap();
    let users = b.find("#users").await.unwrap().text().await.unwrap();
    assert!(users.contains("alice@dom.test") && !users.contains("bob@other.test"));
    b.screenshot(&shots_dir().join("07-org-admin-own-org.png"))
        .await
        .unwrap();

    // By direct URL: the server answers 404, as for an organisation that does not exist.
    b.goto(&env.url(&format!("/console/orgs/{}", seg(OTHER_ORG))))
        .await
        .unwrap();
    assert_eq!(b.title().await.unwrap(), "404 Not Found · Ferret console");
    let err = b.find("#error").await.unwrap();
    assert_eq!(
        err.attr("data-status").await.unwrap().as_deref(),
        Some("404")
    );
    assert!(!b.source().await.unwrap().contains("bob@other.test"));
    b.screenshot(&shots_dir().join("08-org-admin-other-org-404.png"))
        .await
        .unwrap();
    // Regulator pages: 403.
    b.goto(&env.url("/console/vetting")).await.unwrap();
    assert_eq!(b.title().await.unwrap(), "403 Forbidden · Ferret console");
}
