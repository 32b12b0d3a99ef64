//! The web console at `/console`: plain server-rendered HTML for operators, org-admins and
//! regulators, with no script and no request outside the gateway.
//!
//! Login takes an API key or an OIDC ID token, checked by the same authentication as the API
//! (failures are audited the same way), and opens a server-side session behind an opaque cookie
//! (`HttpOnly`, `SameSite=Strict`, `Path=/console`). Every request re-reads the principal from
//! the store (a revoked key or a changed role takes effect at once) and checks the role on the
//! server; every form that changes state carries the session's CSRF token. Every action calls
//! the same [`ops::Admin`](crate::ops::Admin) operation and [`scope`](crate::scope) check as the
//! JSON API, so it is audited identically. A session opened with an OIDC ID token ends when the
//! token expires.
//!
//! Refusals of a logged-in user (a page its role may not use, a form without the session's CSRF
//! token, a scope refusal, a plain user's login) are audited through
//! `AppState::audit_refusal`, the helper the JSON API's refusals use as well.

mod admin;
mod html;
mod regulator;
mod session;

use std::sync::Arc;

use axum::Router;
use axum::extract::{Form, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::audit::{AdminRecord, AuditError, AuditEvent};
use crate::config::ApiKind;
use crate::ops::OpsError;
use crate::scope::ScopeError;
use crate::server::{AppState, Authed, ops_status};
use crate::store::{PrincipalRecord, Role, StoreError};

use html::{Frame, esc, page};
pub use session::Sessions;
use session::{COOKIE, IDLE_TTL, same_secret};

/// The console's routes, to merge into the gateway's router.
pub(crate) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/console", get(home))
        .route("/console/", get(home))
        .route("/console/static/console.css", get(stylesheet))
        .route("/console/login", get(login_form).post(login))
        .route("/console/logout", post(logout))
        .route(
            "/console/orgs",
            get(admin::orgs_page).post(admin::create_org),
        )
        .route("/console/orgs/{name}", get(admin::org_page))
        .route("/console/orgs/{name}/users", post(admin::create_user))
        .route("/console/orgs/{name}/keys", post(admin::create_key))
        .route("/console/keys/{key_id}/revoke", post(admin::revoke_key))
        .route(
            "/console/quotas",
            get(admin::quotas_page).post(admin::add_quota),
        )
        .route("/console/quotas/{id}/remove", post(admin::remove_quota))
        .route("/console/vetting", get(regulator::vetting_page))
        .route("/console/vetting/{name}/{action}", post(regulator::vet))
        .route("/console/authorised", get(regulator::authorised_page))
        .route(
            "/console/authorised/export/{format}",
            get(regulator::export),
        )
        .route("/console/screening", get(regulator::screening_page))
        .route(
            "/console/screening/orgs/{name}",
            post(regulator::dispose_org),
        )
        .route(
            "/console/screening/users/{email}",
            post(regulator::dispose_user),
        )
        .route("/console/audit", get(regulator::audit_page))
        .route("/console/audit/{index}", get(regulator::proof_page))
        .layer(axum::middleware::map_response(secure_headers))
}

/// The content security policy: everything from the gateway itself, no script at all, no
/// framing, forms only back to the gateway.
pub(crate) const CSP: &str = "default-src 'self'; script-src 'none'; object-src 'none'; \
                              base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

async fn secure_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    r
}

// ---------------------------------------------------------------------------------------------
// Errors, as pages.

/// Why a console request failed; each becomes a page with the right status.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ConsoleError {
    /// No live session: go to the login page.
    #[error("please log in")]
    Login,
    /// The role may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// No such record (or not one the viewer may see).
    #[error("{0}")]
    NotFound(String),
    /// Bad input.
    #[error("{0}")]
    BadRequest(String),
    /// The form's CSRF token does not match the session.
    #[error(
        "the form has expired or did not come from this console; reload the page and try again"
    )]
    Csrf,
    /// An operation failed.
    #[error(transparent)]
    Ops(#[from] OpsError),
    /// A scope check failed.
    #[error(transparent)]
    Scope(#[from] ScopeError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The audit log could not be read.
    #[error(transparent)]
    Audit(#[from] AuditError),
}

/// Audits the refusal of an authenticated console user on `route` (`METHOD /path`), and returns
/// the error to answer with: `e` itself, or a 503 if the refusal could not be audited.
async fn refused(s: &AppState, who: &Authed, route: &str, e: ConsoleError) -> ConsoleError {
    let why = match &e {
        ConsoleError::Csrf => "console form without this session's CSRF token".to_string(),
        e => e.to_string(),
    };
    match s
        .audit_refusal(who, None, e.status(), &format!("{why} (console {route})"))
        .await
    {
        Ok(()) => e,
        Err(a) => ConsoleError::Audit(a),
    }
}

impl ConsoleError {
    fn status(&self) -> StatusCode {
        match self {
            ConsoleError::Login => StatusCode::SEE_OTHER,
            ConsoleError::Forbidden(_) | ConsoleError::Csrf => StatusCode::FORBIDDEN,
            ConsoleError::NotFound(_) => StatusCode::NOT_FOUND,
            ConsoleError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ConsoleError::Ops(e) => ops_status(e),
            ConsoleError::Scope(ScopeError::Forbidden(_)) => StatusCode::FORBIDDEN,
            ConsoleError::Scope(ScopeError::NotFound(_)) => StatusCode::NOT_FOUND,
            ConsoleError::Scope(ScopeError::Store(_)) | ConsoleError::Store(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
            ConsoleError::Audit(AuditError::Unsupported(_)) => StatusCode::NOT_IMPLEMENTED,
            ConsoleError::Audit(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl IntoResponse for ConsoleError {
    fn into_response(self) -> Response {
        if let ConsoleError::Login = self {
            return Redirect::to("/console/login").into_response();
        }
        let status = self.status();
        let msg = if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %self, "console request failed");
            "internal error".to_string()
        } else {
            self.to_string()
        };
        let title = status.canonical_reason().unwrap_or("Error");
        let body = format!(
            "<p class=\"error\" id=\"error\" data-status=\"{}\">{}</p><p><a href=\"/console\">Back to the console</a></p>",
            status.as_u16(),
            esc(&msg)
        );
        html_response(
            status,
            page(None, &format!("{} {title}", status.as_u16()), &body),
        )
    }
}

pub(crate) type Result<T, E = ConsoleError> = std::result::Result<T, E>;

fn html_response(status: StatusCode, html: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response()
}

// ---------------------------------------------------------------------------------------------
// The viewer: a live session, re-checked against the store on every request.

/// The logged-in user of a request.
#[derive(Debug)]
pub(crate) struct Viewer {
    /// User and organisation, as the store has them now.
    pub rec: PrincipalRecord,
    key_id: Option<String>,
    token: String,
    csrf: String,
    flash: Option<String>,
    /// `METHOD /path` of the request, for the audit of refusals.
    route: String,
    state: Arc<AppState>,
}

fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

impl FromRequestParts<Arc<AppState>> for Viewer {
    type Rejection = ConsoleError;

    async fn from_request_parts(parts: &mut Parts, s: &Arc<AppState>) -> Result<Viewer> {
        let token = cookie_value(&parts.headers, COOKIE).ok_or(ConsoleError::Login)?;
        let now = crate::now();
        let sess = s
            .console
            .touch(&token, now)
            .await?
            .ok_or(ConsoleError::Login)?;
        let rec = match &sess.key_id {
            Some(key_id) => match s.store.principal_by_key(key_id).await? {
                Some((k, rec)) if k.revoked_at.is_none() && now < k.expires_at => Some(rec),
                _ => None,
            },
            None => s.store.principal_by_email(&sess.email).await?,
        };
        let Some(rec) = rec else {
            // The key was revoked or expired, or the user removed: the session ends with it.
            s.console.remove(&token).await?;
            return Err(ConsoleError::Login);
        };
        let route = format!("{} {}", parts.method, parts.uri.path());
        if rec.user.role == Role::User {
            let who = Authed {
                rec,
                key_id: sess.key_id,
                issuer: None,
                token_exp: sess.expires,
            };
            return Err(refused(s, &who, &route, no_console_role()).await);
        }
        Ok(Viewer {
            rec,
            key_id: sess.key_id,
            token,
            csrf: sess.csrf,
            flash: sess.flash,
            route,
            state: s.clone(),
        })
    }
}

fn no_console_role() -> ConsoleError {
    ConsoleError::Forbidden("your role (user) has no access to the console".into())
}

impl Viewer {
    /// Audits a refusal of this viewer's request; returns the error to answer with.
    pub(crate) async fn refuse(&self, e: ConsoleError) -> ConsoleError {
        let who = Authed {
            rec: self.rec.clone(),
            key_id: self.key_id.clone(),
            issuer: None,
            token_exp: None,
        };
        refused(&self.state, &who, &self.route, e).await
    }

    /// Fails with 403 (audited) unless the viewer has one of `roles`.
    pub(crate) async fn require(&self, roles: &[Role]) -> Result<()> {
        if roles.contains(&self.rec.user.role) {
            Ok(())
        } else {
            Err(self
                .refuse(ConsoleError::Forbidden(format!(
                    "role {} may not use this page",
                    self.rec.user.role.as_str()
                )))
                .await)
        }
    }

    /// Fails with 403 (audited) unless `presented` is this session's CSRF token.
    pub(crate) async fn check_csrf(&self, presented: &str) -> Result<()> {
        if same_secret(presented, &self.csrf) {
            Ok(())
        } else {
            Err(self.refuse(ConsoleError::Csrf).await)
        }
    }

    /// A scope check's outcome, its refusals audited.
    pub(crate) async fn scoped<T>(&self, r: Result<T, ScopeError>) -> Result<T> {
        match r {
            Ok(v) => Ok(v),
            Err(ScopeError::Store(e)) => Err(ConsoleError::Store(e)),
            Err(e) => Err(self.refuse(ConsoleError::Scope(e)).await),
        }
    }

    /// The viewer's e-mail, the actor of its actions.
    pub(crate) fn actor(&self) -> &str {
        &self.rec.user.email
    }

    /// The hidden CSRF field for a form.
    pub(crate) fn csrf_field(&self) -> String {
        html::csrf_field(&self.csrf)
    }

    /// A 200 page in the console frame.
    pub(crate) fn page(&self, title: &str, body: &str) -> Response {
        let frame = Frame {
            email: &self.rec.user.email,
            role: self.rec.user.role,
            org: &self.rec.org.name,
            csrf: &self.csrf,
            flash: self.flash.as_deref(),
        };
        html_response(StatusCode::OK, page(Some(&frame), title, body))
    }

    /// Redirects (303) to `to`, with `msg` shown on the next page. The action is done: if the
    /// message cannot be stored, it is logged and the redirect still answered.
    pub(crate) async fn done(&self, s: &AppState, to: &str, msg: String) -> Response {
        if let Err(e) = s.console.flash(&self.token, &msg).await {
            tracing::warn!(error = %e, "storing the console message failed");
        }
        Redirect::to(to).into_response()
    }
}

// ---------------------------------------------------------------------------------------------
// Login, logout, home.

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("console.css"),
    )
        .into_response()
}

/// The cookie of the login form's nonce (double submit: the form must echo it, which another
/// site cannot, so nobody can be logged in to someone else's account by a forged form).
const LOGIN_COOKIE: &str = "ferret_login";

fn login_page(status: StatusCode, error: Option<&str>) -> Response {
    let err = error
        .map(|e| format!("<p class=\"error\" id=\"error\">{}</p>", esc(e)))
        .unwrap_or_default();
    let Ok(nonce) = session::random_token() else {
        return ConsoleError::BadRequest("no randomness available".into()).into_response();
    };
    let body = format!(
        "{err}<form method=\"post\" action=\"/console/login\" class=\"box\" id=\"login-form\">\
         <input type=\"hidden\" name=\"nonce\" value=\"{nonce}\">\
         <label style=\"flex:1\">API key or OIDC ID token\
         <input type=\"password\" name=\"credential\" id=\"credential\" autocomplete=\"off\" required></label>\
         <button type=\"submit\" id=\"login\">Log in</button></form>\
         <p>Operators, organisation administrators and regulators may log in. The key or token \
         is checked once; the console then keeps a session for at most {} idle minutes.</p>",
        IDLE_TTL / 60
    );
    let mut r = html_response(status, page(None, "Log in", &body));
    let cookie = format!(
        "{LOGIN_COOKIE}={nonce}; Path=/console/login; HttpOnly; SameSite=Strict; Max-Age=900"
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

async fn login_form() -> Response {
    login_page(StatusCode::OK, None)
}

#[derive(Deserialize)]
struct LoginForm {
    nonce: String,
    credential: String,
}

async fn login(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    if !cookie_value(&headers, LOGIN_COOKIE).is_some_and(|n| same_secret(&n, &f.nonce)) {
        return login_page(
            StatusCode::FORBIDDEN,
            Some("the login form has expired or did not come from this console; try again"),
        );
    }
    // The same authentication as the API (and the same audit of failures), fed the credential
    // as an Authorization header.
    let mut auth = HeaderMap::new();
    let Ok(v) = HeaderValue::from_str(&format!("Bearer {}", f.credential.trim())) else {
        return login_page(StatusCode::BAD_REQUEST, Some("malformed credentials"));
    };
    auth.insert(header::AUTHORIZATION, v);
    let rid = session::random_token().unwrap_or_default();
    let a = match s
        .authenticate_or_respond(&auth, ApiKind::Openai, &rid[..16.min(rid.len())])
        .await
    {
        Ok(a) => a,
        Err(r) if r.status() == StatusCode::UNAUTHORIZED => {
            return login_page(
                StatusCode::UNAUTHORIZED,
                Some("the key or token was not accepted"),
            );
        }
        Err(r) => {
            return login_page(
                r.status(),
                Some("the gateway is unavailable; try again later"),
            );
        }
    };
    if a.rec.user.role == Role::User {
        return refused(&s, &a, "POST /console/login", no_console_role())
            .await
            .into_response();
    }
    let now = crate::now();
    // An ID token accepted within the clock leeway but already expired would open a session
    // that ends at once: say so instead.
    if a.token_exp.is_some_and(|exp| exp <= now) {
        return login_page(
            StatusCode::UNAUTHORIZED,
            Some("the token has expired; log in with a fresh one"),
        );
    }
    let ev = AuditEvent::Admin(AdminRecord {
        at: now,
        actor: a.rec.user.email.clone(),
        action: "console.login".into(),
        target: a.rec.user.email.clone(),
        reason: match (&a.key_id, &a.issuer) {
            (Some(k), _) => format!("api key {k}"),
            (None, Some(i)) => format!("oidc {i}"),
            (None, None) => String::new(),
        },
    });
    if s.audit.append(&ev).await.is_err() {
        return login_page(
            StatusCode::SERVICE_UNAVAILABLE,
            Some("the audit log is unavailable; try again later"),
        );
    }
    // A key is re-checked on every request; an ID token cannot be, so the session ends when
    // the token expires.
    let token = match s
        .console
        .create(&a.rec.user.email, a.key_id.clone(), a.token_exp, now)
        .await
    {
        Ok(t) => t,
        Err(e) => {
            tracing::error!(error = %e, "opening a console session failed");
            return login_page(
                StatusCode::SERVICE_UNAVAILABLE,
                Some("sessions are unavailable; try again later"),
            );
        }
    };
    let max_age = a.token_exp.map_or(session::ABSOLUTE_TTL, |exp| {
        (exp - now).clamp(0, session::ABSOLUTE_TTL)
    });
    // Behind a TLS-terminating proxy the cookie is also marked Secure.
    let https = headers
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    let cookie = format!(
        "{COOKIE}={token}; Path=/console; HttpOnly; SameSite=Strict; Max-Age={}{}",
        max_age,
        if https { "; Secure" } else { "" }
    );
    let mut r = Redirect::to("/console").into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "ferret_login=; Path=/console/login; HttpOnly; SameSite=Strict; Max-Age=0",
        ),
    );
    r
}

#[derive(Deserialize)]
pub(crate) struct CsrfForm {
    /// Absent reads as empty: refused (and audited) like a wrong token.
    #[serde(default)]
    pub csrf: String,
}

async fn logout(
    State(s): State<Arc<AppState>>,
    v: Viewer,
    Form(f): Form<CsrfForm>,
) -> Result<Response> {
    v.check_csrf(&f.csrf).await?;
    s.console.remove(&v.token).await?;
    let mut r = Redirect::to("/console/login").into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "ferret_console=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0",
        ),
    );
    Ok(r)
}

async fn home(v: Viewer) -> Response {
    let intro = match v.rec.user.role {
        Role::Admin => "You operate the gateway: organisations, their users and keys, and quotas.",
        Role::OrgAdmin => "You administer your organisation's users and keys.",
        Role::Regulator => {
            "You decide on applications, keep the authorised list, dispose of screening hits \
             and inspect the audit log."
        }
        Role::User => "",
    };
    let links: String = match v.rec.user.role {
        Role::Admin => "<li><a href=\"/console/orgs\">Organisations, users and keys</a></li>\
                        <li><a href=\"/console/quotas\">Quotas</a></li>\
                        <li><a href=\"/console/authorised\">Authorised list</a></li>\
                        <li><a href=\"/console/audit\">Audit log</a></li>"
            .into(),
        Role::OrgAdmin => format!(
            "<li><a href=\"/console/orgs/{}\">{}</a></li>",
            html::seg(&v.rec.org.name),
            esc(&v.rec.org.name)
        ),
        Role::Regulator => "<li><a href=\"/console/vetting\">Vetting queue</a></li>\
                            <li><a href=\"/console/authorised\">Authorised list and export</a></li>\
                            <li><a href=\"/console/screening\">Screening hits</a></li>\
                            <li><a href=\"/console/audit\">Audit log and proofs</a></li>"
            .into(),
        Role::User => String::new(),
    };
    v.page(
        "Console",
        &format!("<p>{intro}</p><ul id=\"home-links\">{links}</ul>"),
    )
}
