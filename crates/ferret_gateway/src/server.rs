//! The HTTP service: the proxy (`/v1/chat/completions`, `/v1/responses`, `/v1/models`,
//! `/v1/messages`), the admin and regulator API, `/healthz` and `/metrics`.
//!
//! The proxy routes themselves are in [`crate::proxy`]; the listener in [`crate::listen`];
//! the failed-authentication limiter and the request context in [`crate::limits`]; the audit of
//! refusals in [`crate::refusal`].

use std::collections::HashMap;
use std::future::Future;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, Query, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::net::TcpListener;

use crate::audit::{AuditEvent, AuditSink, DecisionRecord};
use crate::config::{ApiKind, GatewayConfig, ModelConfig};
use crate::countries::CountryTable;
use crate::identity::{
    Credential, IdentityError, Issuer, KeyHasher, load_issuers, parse_credential, verify_jwt,
};
use crate::limits::AuthLimiter;
use crate::listen::ConnectionGauge;
use crate::metrics::Metrics;
use crate::ops::{Admin, AuthorisedOrg, Disposition, OpsError, Vetting, authorised_csv};
use crate::policy::{Decision, Facts, PolicyEngine, PolicyError};
use crate::quota::{QuotaExceeded, QuotaRule, Quotas};
use crate::refusal::AuthFailureOutcome;
use crate::scope::{ScopeError, check_key_owner, check_key_revoke, check_new_user, may_see_org};
use crate::store::{PrincipalRecord, Role, Store, StoreError};
use crate::{GatewayError, now, proxy};

mod audit_api;
use audit_api::{
    audit_bundle, audit_checkpoint, audit_consistency, audit_entry, audit_inclusion,
    audit_public_key,
};

/// The gateway: state shared by every request.
#[derive(Debug, Clone)]
pub struct Gateway {
    state: Arc<AppState>,
}

#[derive(Debug)]
pub(crate) struct AppState {
    pub(crate) config: GatewayConfig,
    pub(crate) store: Arc<dyn Store>,
    pub(crate) audit: Arc<dyn AuditSink>,
    policy: RwLock<Arc<PolicyEngine>>,
    countries: RwLock<Arc<CountryTable>>,
    pub(crate) quotas: Quotas,
    pub(crate) metrics: Metrics,
    pub(crate) client: reqwest::Client,
    hasher: KeyHasher,
    issuers: RwLock<Arc<Vec<Issuer>>>,
    pub(crate) admin: Admin,
    pub(crate) upstream_keys: HashMap<String, String>,
    pub(crate) console: crate::console::Sessions,
    pub(crate) auth_limiter: AuthLimiter,
    pub(crate) connections: Arc<ConnectionGauge>,
}

/// Installs the ring TLS provider (once per process; later calls are no-ops).
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Loads the policy named by the configuration (or the shipped default).
pub fn load_policy(config: &GatewayConfig) -> Result<PolicyEngine, GatewayError> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|e| GatewayError::Io {
            path: p.display().to_string(),
            source: e,
        })
    };
    let schema = match &config.schema_file {
        Some(p) => read(p)?,
        None => crate::policy::DEFAULT_SCHEMA.to_string(),
    };
    let policy = match &config.policy_file {
        Some(p) => read(p)?,
        None => crate::policy::DEFAULT_POLICY.to_string(),
    };
    Ok(PolicyEngine::load(&schema, &policy)?)
}

impl Gateway {
    /// Builds the gateway over an opened store. The server secret (for key hashes) lives in
    /// `data_dir/server.key`, created on first start.
    pub async fn new(
        config: GatewayConfig,
        store: Arc<dyn Store>,
        audit: Arc<dyn AuditSink>,
        data_dir: &Path,
    ) -> Result<Gateway, GatewayError> {
        install_crypto_provider();
        let hasher = KeyHasher::load_or_create(&data_dir.join("server.key"))?;
        let policy = load_policy(&config)?;
        let countries = CountryTable::new(store.country_tiers().await?);
        for m in &config.models {
            store.upsert_model(&m.id, &m.tier).await?;
        }
        let mut upstream_keys = HashMap::new();
        for m in &config.models {
            if let Some(var) = &m.api_key_env
                && let Ok(v) = std::env::var(var)
            {
                upstream_keys.insert(m.id.clone(), v);
            }
        }
        let timeout = Duration::from_secs(config.upstream_timeout_secs);
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .read_timeout(timeout)
            .pool_idle_timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| GatewayError::Http(e.to_string()))?;
        let admin = Admin {
            store: store.clone(),
            audit: audit.clone(),
            hasher: hasher.clone(),
            key_max_days: config.key_max_days,
        };
        // With PostgreSQL every instance counts in the database; with SQLite, in memory.
        let quotas = Quotas::with_counters(
            all_quota_rules(&config, store.as_ref()).await?,
            store.shared_quotas(),
        );
        let issuers = load_issuers(&config).await?;
        let console = crate::console::Sessions::new(store.clone());
        let auth_limiter = AuthLimiter::new(&config.limits);
        Ok(Gateway {
            state: Arc::new(AppState {
                config,
                store,
                audit,
                policy: RwLock::new(Arc::new(policy)),
                countries: RwLock::new(Arc::new(countries)),
                quotas,
                metrics: Metrics::default(),
                client,
                hasher,
                issuers: RwLock::new(Arc::new(issuers)),
                admin,
                upstream_keys,
                console,
                auth_limiter,
                connections: Arc::default(),
            }),
        })
    }

    /// The administrative operations over the same store and audit sink.
    pub fn admin(&self) -> &Admin {
        &self.state.admin
    }

    /// Reloads the policy files. An invalid policy keeps the old set; the error says why.
    pub fn reload_policy(&self) -> Result<String, PolicyError> {
        let engine = match load_policy(&self.state.config) {
            Ok(e) => e,
            Err(GatewayError::Policy(e)) => return Err(e),
            Err(e) => return Err(PolicyError::Parse(e.to_string())),
        };
        let hash = engine.hash().to_string();
        *self.state.policy.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(engine);
        Ok(hash)
    }

    /// Re-reads every issuer's JWKS (file or URL). On failure the previous keys stay.
    pub async fn reload_jwks(&self) -> Result<(), GatewayError> {
        let issuers = load_issuers(&self.state.config).await?;
        *self
            .state
            .issuers
            .write()
            .unwrap_or_else(|p| p.into_inner()) = Arc::new(issuers);
        Ok(())
    }

    /// Re-reads the quota rules set at run time (by another instance or the command line).
    pub async fn reload_quotas(&self) -> Result<(), StoreError> {
        self.state.reload_quotas().await
    }

    /// Reloads the country table from the store.
    pub async fn reload_countries(&self) -> Result<(), StoreError> {
        let t = CountryTable::new(self.state.store.country_tiers().await?);
        *self
            .state
            .countries
            .write()
            .unwrap_or_else(|p| p.into_inner()) = Arc::new(t);
        Ok(())
    }

    /// The axum router.
    pub fn router(&self) -> Router {
        let limit = self.state.config.body_limit_bytes;
        // Admin and regulator calls are short store operations: a slow client or a stuck store
        // gets 408 after 30 s. The proxy routes have no such limit (streams may be long); their
        // upstream calls carry their own timeouts. Every route's request body has a deadline
        // (`[limits] body_read_timeout_secs`), and the listener a header-read timeout.
        let admin = Router::new()
            .route("/admin/orgs", post(admin_create_org).get(admin_list_orgs))
            .route("/admin/orgs/{name}", get(admin_get_org))
            .route("/admin/users", post(admin_create_user))
            .route("/admin/keys", post(admin_create_key))
            .route("/admin/keys/{key_id}/revoke", post(admin_revoke_key))
            .route("/admin/policy/reload", post(admin_reload_policy))
            .route(
                "/admin/quotas",
                get(admin_list_quotas).post(admin_add_quota),
            )
            .route("/admin/quotas/{id}/remove", post(admin_remove_quota))
            .route("/regulator/orgs/{name}/events", get(reg_events))
            .route("/regulator/orgs/{name}/screening", post(reg_screening))
            .route("/regulator/orgs/{name}/{action}", post(reg_vet))
            .route(
                "/regulator/users/{email}/screening",
                post(reg_user_screening),
            )
            .route("/regulator/authorised", get(reg_authorised))
            .layer(tower_http::timeout::TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                Duration::from_secs(30),
            ));
        Router::new()
            .route("/healthz", get(healthz))
            .route("/metrics", get(metrics))
            .route("/v1/models", get(list_models))
            .route("/v1/chat/completions", post(proxy::chat_completions))
            .route("/v1/responses", post(proxy::responses))
            .route("/v1/messages", post(proxy::messages))
            .route("/audit/v1/checkpoint", get(audit_checkpoint))
            .route("/audit/v1/public-key", get(audit_public_key))
            .route("/audit/v1/proof/consistency", get(audit_consistency))
            .route("/audit/v1/proof/inclusion", get(audit_inclusion))
            .route("/audit/v1/entries/{index}", get(audit_entry))
            .route("/audit/v1/bundle", get(audit_bundle))
            .merge(admin)
            .merge(crate::console::router())
            .layer(DefaultBodyLimit::max(limit))
            .layer(axum::middleware::from_fn_with_state(
                Duration::from_secs(self.state.config.limits.body_read_timeout_secs),
                crate::limits::request_context,
            ))
            .layer(tower_http::trace::TraceLayer::new_for_http())
            .with_state(self.state.clone())
    }

    /// Serves on `listener` until `shutdown` resolves, then drains in-flight requests (see
    /// [`crate::listen`]: header-read timeout, connection cap). The summaries of failed
    /// authentications are appended every interval meanwhile, and once more at the end.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let limits = &self.state.config.limits;
        let opts = crate::listen::ListenOptions {
            header_read_timeout: Duration::from_secs(limits.header_read_timeout_secs),
            max_connections: limits.max_connections,
        };
        let state = self.state.clone();
        let every = Duration::from_secs(limits.auth_failure_summary_secs);
        let summaries = tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.tick().await;
            loop {
                tick.tick().await;
                if let Err(e) = state.flush_auth_summaries().await {
                    tracing::error!(error = %e, "appending authentication failure summaries failed");
                }
            }
        });
        let gauge = self.state.connections.clone();
        let served = crate::listen::serve(self.router(), listener, opts, gauge, shutdown).await;
        summaries.abort();
        if let Err(e) = self.state.flush_auth_summaries_now().await {
            tracing::error!(error = %e, "appending authentication failure summaries failed");
        }
        served
    }
}

// ---------------------------------------------------------------------------------------------
// Errors in each API's own shape.

#[derive(Debug, Clone, Copy)]
pub(crate) enum ErrKind {
    Invalid,
    Auth,
    Permission,
    NotFound,
    RateLimit,
    TooLarge,
    Unavailable,
    Upstream,
}

pub(crate) fn api_error(
    api: ApiKind,
    status: StatusCode,
    kind: ErrKind,
    code: &str,
    msg: &str,
) -> Response {
    let body = match api {
        ApiKind::Openai => {
            let t = match kind {
                ErrKind::Invalid | ErrKind::TooLarge => "invalid_request_error",
                ErrKind::Auth => "authentication_error",
                ErrKind::Permission => "permission_error",
                ErrKind::NotFound => "not_found_error",
                ErrKind::RateLimit => "rate_limit_error",
                ErrKind::Unavailable | ErrKind::Upstream => "api_error",
            };
            json!({"error": {"message": msg, "type": t, "param": null, "code": code}})
        }
        ApiKind::Anthropic => {
            let t = match kind {
                ErrKind::Invalid => "invalid_request_error",
                ErrKind::TooLarge => "request_too_large",
                ErrKind::Auth => "authentication_error",
                ErrKind::Permission => "permission_error",
                ErrKind::NotFound => "not_found_error",
                ErrKind::RateLimit => "rate_limit_error",
                ErrKind::Unavailable => "overloaded_error",
                ErrKind::Upstream => "api_error",
            };
            json!({"type": "error", "error": {"type": t, "message": msg}})
        }
    };
    (status, axum::Json(body)).into_response()
}

pub(crate) fn request_id() -> String {
    let mut b = [0u8; 8];
    let _ = getrandom::fill(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

// ---------------------------------------------------------------------------------------------
// Authentication.

#[derive(Debug, Clone)]
pub(crate) struct Authed {
    pub(crate) rec: PrincipalRecord,
    pub(crate) key_id: Option<String>,
    pub(crate) issuer: Option<String>,
    /// The expiry of the OIDC token, when a token was used (a console session ends with it).
    pub(crate) token_exp: Option<i64>,
}

#[derive(Debug)]
enum AuthFail {
    Identity(IdentityError, Option<String>),
    Store(StoreError),
}

/// The quota rules in force: `gateway.toml`'s, then those set at run time.
async fn all_quota_rules(
    config: &GatewayConfig,
    store: &dyn Store,
) -> Result<Vec<QuotaRule>, StoreError> {
    let mut rules = config.quotas.clone();
    rules.extend(store.quota_rules().await?.into_iter().map(|q| q.rule));
    Ok(rules)
}

impl AppState {
    /// Re-reads the quota rules set at run time and applies them with the configured ones.
    pub(crate) async fn reload_quotas(&self) -> Result<(), StoreError> {
        self.quotas
            .set_rules(all_quota_rules(&self.config, self.store.as_ref()).await?);
        Ok(())
    }

    async fn authenticate(&self, headers: &HeaderMap) -> Result<Authed, AuthFail> {
        let raw = headers
            .get(header::AUTHORIZATION)
            .or_else(|| headers.get("x-api-key"))
            .ok_or(AuthFail::Identity(IdentityError::Missing, None))?;
        let raw = raw
            .to_str()
            .map_err(|_| AuthFail::Identity(IdentityError::Malformed, None))?;
        let cred = parse_credential(raw).map_err(|e| AuthFail::Identity(e, None))?;
        let t = now();
        match cred {
            Credential::Key { key_id, secret } => {
                let fail = |e| AuthFail::Identity(e, Some(key_id.clone()));
                let (key, rec) = self
                    .store
                    .principal_by_key(&key_id)
                    .await
                    .map_err(AuthFail::Store)?
                    .ok_or_else(|| fail(IdentityError::BadKey))?;
                if !self.hasher.verify(&key_id, &secret, &key.hash) {
                    return Err(fail(IdentityError::BadKey));
                }
                if key.revoked_at.is_some() {
                    return Err(fail(IdentityError::Revoked));
                }
                if t >= key.expires_at {
                    return Err(fail(IdentityError::Expired));
                }
                Ok(Authed {
                    rec,
                    key_id: Some(key_id),
                    issuer: None,
                    token_exp: None,
                })
            }
            Credential::Jwt(token) => {
                let issuers = self
                    .issuers
                    .read()
                    .unwrap_or_else(|p| p.into_inner())
                    .clone();
                let fail = |e| AuthFail::Identity(e, None);
                let v = verify_jwt(&token, &issuers, t).map_err(fail)?;
                // The issuer may assert only the users it is bound to (its e-mail domains are
                // checked before the lookup, its organisations after).
                let email = v.user.to_ascii_lowercase();
                v.issuer.check_email(&email).map_err(fail)?;
                let rec = self
                    .store
                    .principal_by_email(&email)
                    .await
                    .map_err(AuthFail::Store)?
                    .ok_or(fail(IdentityError::UnknownUser))?;
                v.issuer.check_org(&rec.org.name).map_err(fail)?;
                Ok(Authed {
                    rec,
                    key_id: None,
                    issuer: Some(v.issuer.issuer.clone()),
                    token_exp: Some(v.exp),
                })
            }
        }
    }

    /// Authenticates, auditing failures; returns the response to send on failure.
    pub(crate) async fn authenticate_or_respond(
        &self,
        headers: &HeaderMap,
        api: ApiKind,
        rid: &str,
    ) -> Result<Authed, Response> {
        match self.authenticate(headers).await {
            Ok(a) => Ok(a),
            Err(AuthFail::Store(e)) => {
                tracing::error!(request_id = %rid, error = %e, "store failure during authentication");
                Err(store_unavailable(api))
            }
            Err(AuthFail::Identity(e, key_id)) => {
                self.metrics.unauthenticated.fetch_add(1, Ordering::Relaxed);
                // Audited through the per-source limiter (crate::refusal): the first failures
                // one by one, the rest counted in periodic summaries; 429 over the limit.
                match self.audit_auth_failure(rid, key_id, &e.to_string()).await {
                    Ok(AuthFailureOutcome::Unauthorized) => Err(api_error(
                        api,
                        StatusCode::UNAUTHORIZED,
                        ErrKind::Auth,
                        "unauthenticated",
                        &e.to_string(),
                    )),
                    Ok(AuthFailureOutcome::Limited(secs)) => {
                        let mut r = api_error(
                            api,
                            StatusCode::TOO_MANY_REQUESTS,
                            ErrKind::RateLimit,
                            "too_many_auth_failures",
                            &format!(
                                "too many failed authentications from this address; retry after {secs} s"
                            ),
                        );
                        set_header(&mut r, "retry-after", &secs.to_string());
                        Err(r)
                    }
                    Err(e) => {
                        self.metrics.audit_failures.fetch_add(1, Ordering::Relaxed);
                        tracing::error!(error = %e, "audit append failed; refusing the request");
                        Err(self.audit_unavailable(api))
                    }
                }
            }
        }
    }

    pub(crate) async fn append(&self, ev: &AuditEvent, api: ApiKind) -> Result<(), Response> {
        match self.audit.append(ev).await {
            Ok(_) => Ok(()),
            Err(e) => {
                self.metrics.audit_failures.fetch_add(1, Ordering::Relaxed);
                tracing::error!(error = %e, "audit append failed; refusing the request");
                Err(api_error(
                    api,
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrKind::Unavailable,
                    "audit_unavailable",
                    "the audit log is unavailable; the request was not processed",
                ))
            }
        }
    }

    pub(crate) fn facts(&self, a: &Authed, model: &ModelConfig, api: ApiKind) -> Facts {
        let countries = self
            .countries
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let t = now();
        let (u, o) = (&a.rec.user, &a.rec.org);
        Facts {
            user_id: u.id,
            org_id: o.id,
            org_name: o.name.clone(),
            org_status: o.status.as_str().into(),
            org_country_class: countries.class_of(&o.country, t).into(),
            org_screening: o.screening.as_str().into(),
            nationality_class: countries.class_of(&u.nationality, t).into(),
            location_class: countries.class_of(&u.location, t).into(),
            user_screening: u.screening.as_str().into(),
            model: model.id.clone(),
            tier: model.tier.clone(),
            api: api.as_str().into(),
        }
    }

    pub(crate) fn decide(&self, facts: &Facts) -> Result<(Decision, String), PolicyError> {
        let engine = self
            .policy
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        Ok((engine.decide(facts)?, engine.hash().to_string()))
    }
}

// ---------------------------------------------------------------------------------------------
// Plain endpoints.

async fn healthz() -> &'static str {
    "ok\n"
}

async fn metrics(State(s): State<Arc<AppState>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        s.metrics.render((
            s.connections.open.load(Ordering::Relaxed),
            s.connections.peak.load(Ordering::Relaxed),
        )),
    )
        .into_response()
}

async fn list_models(State(s): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let anthropic = headers.contains_key("anthropic-version");
    let api = if anthropic {
        ApiKind::Anthropic
    } else {
        ApiKind::Openai
    };
    let rid = request_id();
    let a = match s.authenticate_or_respond(&headers, api, &rid).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let mut allowed = Vec::new();
    for m in &s.config.models {
        let facts = s.facts(&a, m, m.api);
        let (d, hash) = match s.decide(&facts) {
            Ok(x) => x,
            Err(e) => return policy_failure(api, &e),
        };
        let ev = decision_event(&rid, &a, &facts, &d, hash, None);
        if let Err(r) = s.append(&ev, api).await {
            return r;
        }
        if d.allowed {
            allowed.push(m);
        }
    }
    let body = if anthropic {
        let data: Vec<Value> = allowed
            .iter()
            .map(|m| json!({"type": "model", "id": m.id, "display_name": m.id, "created_at": "1970-01-01T00:00:00Z"}))
            .collect();
        json!({"data": data, "has_more": false,
            "first_id": allowed.first().map(|m| m.id.as_str()),
            "last_id": allowed.last().map(|m| m.id.as_str())})
    } else {
        let data: Vec<Value> = allowed
            .iter()
            .map(|m| json!({"id": m.id, "object": "model", "created": 0, "owned_by": "ferret-gateway", "tier": m.tier}))
            .collect();
        json!({"object": "list", "data": data})
    };
    axum::Json(body).into_response()
}

pub(crate) fn policy_failure(api: ApiKind, e: &PolicyError) -> Response {
    tracing::error!(error = %e, "policy evaluation failed; denying");
    api_error(
        api,
        StatusCode::INTERNAL_SERVER_ERROR,
        ErrKind::Upstream,
        "policy_error",
        "policy evaluation failed; the request was denied",
    )
}

pub(crate) fn decision_event(
    rid: &str,
    a: &Authed,
    facts: &Facts,
    d: &Decision,
    policy_hash: String,
    quota: Option<&QuotaExceeded>,
) -> AuditEvent {
    let facts_hash = blake3::hash(&serde_json::to_vec(facts).unwrap_or_default())
        .to_hex()
        .to_string();
    AuditEvent::Decision(DecisionRecord {
        at: now(),
        request_id: rid.to_string(),
        user_id: a.rec.user.id,
        org_id: a.rec.org.id,
        key_id: a.key_id.clone(),
        issuer: a.issuer.clone(),
        model: facts.model.clone(),
        tier: facts.tier.clone(),
        api: facts.api.clone(),
        allowed: d.allowed && quota.is_none(),
        policies: d.policies.clone(),
        policy_hash,
        facts_hash,
        quota: quota.map(|q| format!("{:?}:{}", q.scope, q.limit)),
    })
}

/// 503 for a request the store (or the quota counters in it) could not serve: fail closed.
pub(crate) fn store_unavailable(api: ApiKind) -> Response {
    api_error(
        api,
        StatusCode::SERVICE_UNAVAILABLE,
        ErrKind::Unavailable,
        "store_unavailable",
        "the gateway's store is unavailable",
    )
}

pub(crate) fn set_header(r: &mut Response, name: &'static str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        r.headers_mut().insert(HeaderName::from_static(name), v);
    }
}

// ---------------------------------------------------------------------------------------------
// Admin and regulator API.

/// The HTTP status of a failed operation.
pub(crate) fn ops_status(e: &OpsError) -> StatusCode {
    match e {
        OpsError::Store(StoreError::NotFound { .. }) => StatusCode::NOT_FOUND,
        OpsError::Store(StoreError::Conflict { .. }) | OpsError::Transition { .. } => {
            StatusCode::CONFLICT
        }
        OpsError::Audit(_) => StatusCode::SERVICE_UNAVAILABLE,
        e if e.is_client_error() => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn admin_error(e: &OpsError) -> Response {
    let status = ops_status(e);
    let msg = if status == StatusCode::INTERNAL_SERVER_ERROR {
        tracing::error!(error = %e, "admin operation failed");
        "internal error".to_string()
    } else {
        e.to_string()
    };
    (status, axum::Json(json!({"error": msg}))).into_response()
}

fn plain_error(status: StatusCode, msg: &str) -> Response {
    (status, axum::Json(json!({"error": msg}))).into_response()
}

fn scope_error(e: ScopeError) -> Response {
    match e {
        ScopeError::Forbidden(m) => plain_error(StatusCode::FORBIDDEN, m),
        ScopeError::NotFound(m) => plain_error(StatusCode::NOT_FOUND, m),
        ScopeError::Store(e) => admin_error(&e.into()),
    }
}

async fn caller(s: &AppState, headers: &HeaderMap, roles: &[Role]) -> Result<Authed, Response> {
    let rid = request_id();
    let a = s
        .authenticate_or_respond(headers, ApiKind::Openai, &rid)
        .await?;
    if !roles.contains(&a.rec.user.role) {
        let msg = format!("role {} may not do this", a.rec.user.role.as_str());
        return Err(refused(s, &a, StatusCode::FORBIDDEN, &msg).await);
    }
    Ok(a)
}

/// Audits the refusal of an authenticated caller and answers it in the admin API's shape (503
/// if the audit append fails).
async fn refused(s: &AppState, a: &Authed, status: StatusCode, msg: &str) -> Response {
    match s.audit_refusal(a, None, status, msg).await {
        Ok(()) => plain_error(status, msg),
        Err(_) => plain_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "the audit log is unavailable; the request was not processed",
        ),
    }
}

/// A scope refusal, audited (see [`refused`]); a store failure is not a refusal.
async fn scope_refused(s: &AppState, a: &Authed, e: ScopeError) -> Response {
    match e {
        ScopeError::Forbidden(m) => refused(s, a, StatusCode::FORBIDDEN, m).await,
        ScopeError::NotFound(m) => refused(s, a, StatusCode::NOT_FOUND, m).await,
        e => scope_error(e),
    }
}

/// Parses an authenticated caller's JSON body; a body that cannot be read or parsed is a refusal,
/// audited like the others (see [`refused`]).
async fn parse_json<T: serde::de::DeserializeOwned>(
    s: &AppState,
    a: &Authed,
    body: Result<Bytes, BytesRejection>,
) -> Result<T, Response> {
    let b = match body {
        Ok(b) => b,
        Err(r) => return Err(refused(s, a, r.status(), &r.body_text()).await),
    };
    match serde_json::from_slice(&b) {
        Ok(v) => Ok(v),
        Err(e) => {
            let msg = format!("invalid JSON body: {e}");
            Err(refused(s, a, StatusCode::BAD_REQUEST, &msg).await)
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewOrgBody {
    name: String,
    country: String,
}

async fn admin_create_org(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let a = match caller(&s, &headers, &[Role::Admin]).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let b: NewOrgBody = match parse_json(&s, &a, body).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    match s
        .admin
        .create_org(&b.name, &b.country, &a.rec.user.email)
        .await
    {
        Ok(o) => (StatusCode::CREATED, axum::Json(o)).into_response(),
        Err(e) => admin_error(&e),
    }
}

async fn admin_list_orgs(State(s): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let a = match caller(
        &s,
        &headers,
        &[Role::Admin, Role::Regulator, Role::OrgAdmin],
    )
    .await
    {
        Ok(a) => a,
        Err(r) => return r,
    };
    match s.store.list_orgs().await {
        Ok(orgs) => {
            let orgs: Vec<_> = orgs
                .into_iter()
                .filter(|o| may_see_org(&a.rec, o))
                .collect();
            axum::Json(orgs).into_response()
        }
        Err(e) => admin_error(&e.into()),
    }
}

async fn admin_get_org(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath(name): UrlPath<String>,
) -> Response {
    let a = match caller(
        &s,
        &headers,
        &[Role::Admin, Role::Regulator, Role::OrgAdmin],
    )
    .await
    {
        Ok(a) => a,
        Err(r) => return r,
    };
    match s.admin.org(&name).await {
        Ok(o) if !may_see_org(&a.rec, &o) => {
            let msg = format!("organisation {name:?} not found");
            refused(&s, &a, StatusCode::NOT_FOUND, &msg).await
        }
        Ok(o) => axum::Json(o).into_response(),
        Err(e) => admin_error(&e),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewUserBody {
    email: String,
    org: String,
    nationality: String,
    location: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    role: Option<String>,
}

/// The roles that manage users and keys, each within [`crate::scope`]'s rule (a regulator: only
/// regulator accounts).
const MANAGERS: &[Role] = &[Role::Admin, Role::OrgAdmin, Role::Regulator];

async fn admin_create_user(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let a = match caller(&s, &headers, MANAGERS).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let b: NewUserBody = match parse_json(&s, &a, body).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let role = match b.role.as_deref().map(Role::parse) {
        None => Role::User,
        Some(Some(r)) => r,
        Some(None) => return plain_error(StatusCode::BAD_REQUEST, "unknown role"),
    };
    if let Err(e) = check_new_user(&a.rec, &b.org, role) {
        return scope_refused(&s, &a, e).await;
    }
    match s
        .admin
        .register_user(
            &b.email,
            &b.org,
            &b.nationality,
            &b.location,
            b.name.as_deref(),
            role,
            &a.rec.user.email,
        )
        .await
    {
        Ok(u) => (StatusCode::CREATED, axum::Json(u)).into_response(),
        Err(e) => admin_error(&e),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewKeyBody {
    email: String,
    #[serde(default)]
    days: Option<u32>,
}

async fn admin_create_key(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let a = match caller(&s, &headers, MANAGERS).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let b: NewKeyBody = match parse_json(&s, &a, body).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    if let Err(e) = check_key_owner(s.store.as_ref(), &a.rec, &b.email).await {
        return scope_refused(&s, &a, e).await;
    }
    match s
        .admin
        .create_key(&b.email, b.days, &a.rec.user.email)
        .await
    {
        Ok(k) => (StatusCode::CREATED, axum::Json(k)).into_response(),
        Err(e) => admin_error(&e),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReasonBody {
    reason: String,
}

async fn admin_revoke_key(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath(key_id): UrlPath<String>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let a = match caller(&s, &headers, MANAGERS).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let b: ReasonBody = match parse_json(&s, &a, body).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    // An org-admin may revoke only keys of its own organisation's users.
    if let Err(e) = check_key_revoke(s.store.as_ref(), &a.rec, &key_id).await {
        return scope_refused(&s, &a, e).await;
    }
    match s
        .admin
        .revoke_key(&key_id, &b.reason, &a.rec.user.email)
        .await
    {
        Ok(()) => axum::Json(json!({"revoked": key_id})).into_response(),
        Err(e) => admin_error(&e),
    }
}

async fn admin_reload_policy(State(s): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    if let Err(r) = caller(&s, &headers, &[Role::Admin]).await {
        return r;
    }
    let gw = Gateway { state: s.clone() };
    match gw.reload_policy() {
        Ok(hash) => axum::Json(json!({"reloaded": true, "policy_hash": hash})).into_response(),
        Err(e) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            axum::Json(
                json!({"reloaded": false, "error": e.to_string(), "kept": "previous policy set"}),
            ),
        )
            .into_response(),
    }
}

async fn admin_list_quotas(State(s): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    if let Err(r) = caller(&s, &headers, &[Role::Admin]).await {
        return r;
    }
    match s.store.quota_rules().await {
        Ok(stored) => {
            axum::Json(json!({"configured": s.config.quotas, "stored": stored})).into_response()
        }
        Err(e) => admin_error(&e.into()),
    }
}

async fn admin_add_quota(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let a = match caller(&s, &headers, &[Role::Admin]).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let rule: QuotaRule = match parse_json(&s, &a, body).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    match s.admin.add_quota(&rule, &a.rec.user.email).await {
        Ok(q) => match s.reload_quotas().await {
            Ok(()) => (StatusCode::CREATED, axum::Json(q)).into_response(),
            Err(e) => admin_error(&e.into()),
        },
        Err(e) => admin_error(&e),
    }
}

async fn admin_remove_quota(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<i64>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let a = match caller(&s, &headers, &[Role::Admin]).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let b: ReasonBody = match parse_json(&s, &a, body).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    match s.admin.remove_quota(id, &b.reason, &a.rec.user.email).await {
        Ok(()) => match s.reload_quotas().await {
            Ok(()) => axum::Json(json!({"removed": id})).into_response(),
            Err(e) => admin_error(&e.into()),
        },
        Err(e) => admin_error(&e),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VetBody {
    reason: String,
    #[serde(default)]
    basis: Option<String>,
}

async fn reg_vet(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath((name, action)): UrlPath<(String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let a = match caller(&s, &headers, &[Role::Regulator]).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let Some(action) = Vetting::parse(&action) else {
        return plain_error(StatusCode::NOT_FOUND, "unknown action");
    };
    let b: VetBody = match parse_json(&s, &a, body).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    match s
        .admin
        .vet(
            &name,
            action,
            &b.reason,
            b.basis.as_deref(),
            &a.rec.user.email,
        )
        .await
    {
        Ok(o) => axum::Json(o).into_response(),
        Err(e) => admin_error(&e),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScreeningBody {
    disposition: String,
    reason: String,
}

/// The regulator's decision on a screening hit.
fn disposition(b: &ScreeningBody) -> Result<Disposition, Response> {
    Disposition::parse(&b.disposition).ok_or_else(|| {
        plain_error(
            StatusCode::BAD_REQUEST,
            "disposition must be clear or confirm",
        )
    })
}

/// A regulator's screening decision: the caller (regulators only), the body and its disposition.
async fn screening_decision(
    s: &Arc<AppState>,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(Authed, ScreeningBody, Disposition), Response> {
    let a = caller(s, headers, &[Role::Regulator]).await?;
    let b: ScreeningBody = parse_json(s, &a, body).await?;
    let d = disposition(&b)?;
    Ok((a, b, d))
}

async fn reg_screening(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath(name): UrlPath<String>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let (a, b, d) = match screening_decision(&s, &headers, body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match s
        .admin
        .dispose(&name, d, &b.reason, &a.rec.user.email)
        .await
    {
        Ok(o) => axum::Json(o).into_response(),
        Err(e) => admin_error(&e),
    }
}

async fn reg_user_screening(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath(email): UrlPath<String>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let (a, b, d) = match screening_decision(&s, &headers, body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match s
        .admin
        .dispose_user(&email, d, &b.reason, &a.rec.user.email)
        .await
    {
        Ok(u) => axum::Json(u).into_response(),
        Err(e) => admin_error(&e),
    }
}

async fn reg_events(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath(name): UrlPath<String>,
) -> Response {
    if let Err(r) = caller(&s, &headers, &[Role::Regulator, Role::Admin]).await {
        return r;
    }
    let org = match s.admin.org(&name).await {
        Ok(o) => o,
        Err(e) => return admin_error(&e),
    };
    match s.store.org_events(org.id).await {
        Ok(ev) => axum::Json(ev).into_response(),
        Err(e) => admin_error(&e.into()),
    }
}

async fn reg_authorised(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Err(r) = caller(&s, &headers, &[Role::Regulator, Role::Admin]).await {
        return r;
    }
    let rows = match s.admin.authorised().await {
        Ok(r) => r,
        Err(e) => return admin_error(&e),
    };
    match authorised_export(&rows, q.get("format").map_or("json", String::as_str)) {
        Some((ctype, body)) => ([(header::CONTENT_TYPE, ctype)], body).into_response(),
        None => plain_error(StatusCode::BAD_REQUEST, "format must be csv or json"),
    }
}

/// The authorised list as a download in `format` (`csv` or `json`): content type and body.
pub(crate) fn authorised_export(
    rows: &[AuthorisedOrg],
    format: &str,
) -> Option<(&'static str, String)> {
    match format {
        "csv" => Some(("text/csv; charset=utf-8", authorised_csv(rows))),
        "json" => Some(("application/json", serde_json::to_string_pretty(rows).ok()?)),
        _ => None,
    }
}
