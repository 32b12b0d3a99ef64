//! The HTTP service: the proxy (`/v1/chat/completions`, `/v1/responses`, `/v1/models`,
//! `/v1/messages`), the admin and regulator API, `/healthz` and `/metrics`.
//!
//! Per proxied request: authenticate (key or token) → parse the body → find the model → build
//! the entity slice and decide (Cedar) → check quotas → append the decision to the audit sink →
//! answer 401/403/429/503, or forward to the upstream and stream its answer back unbuffered while
//! reading its `usage` figures for the token quotas.

use std::collections::HashMap;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::sync::{Arc, RwLock};
use std::task::{Context as TaskContext, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, Query, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::Stream;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::net::TcpListener;

use crate::audit::{AuditEvent, AuditSink, AuthFailureRecord, DecisionRecord};
use crate::config::{ApiKind, GatewayConfig, ModelConfig};
use crate::countries::CountryTable;
use crate::identity::{
    Credential, IdentityError, Issuer, KeyHasher, load_issuers, parse_credential, verify_jwt,
};
use crate::metrics::Metrics;
use crate::ops::{Admin, AuthorisedOrg, Disposition, OpsError, Vetting, authorised_csv};
use crate::policy::{Decision, Facts, PolicyEngine, PolicyError};
use crate::quota::{QuotaExceeded, QuotaKeys, QuotaRule, Quotas};
use crate::scope::{ScopeError, check_key_owner, check_key_revoke, check_new_user, may_see_org};
use crate::store::{PrincipalRecord, Role, Store, StoreError, UsageRecord};
use crate::{GatewayError, now};

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
    metrics: Metrics,
    client: reqwest::Client,
    hasher: KeyHasher,
    issuers: RwLock<Arc<Vec<Issuer>>>,
    pub(crate) admin: Admin,
    upstream_keys: HashMap<String, String>,
    pub(crate) console: crate::console::Sessions,
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
        let quotas = Quotas::new(all_quota_rules(&config, store.as_ref()).await?);
        let issuers = load_issuers(&config).await?;
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
                console: crate::console::Sessions::default(),
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
        // upstream calls carry their own timeouts.
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
            .route("/v1/chat/completions", post(chat_completions))
            .route("/v1/responses", post(responses))
            .route("/v1/messages", post(messages))
            .route("/audit/v1/checkpoint", get(audit_checkpoint))
            .route("/audit/v1/public-key", get(audit_public_key))
            .route("/audit/v1/proof/consistency", get(audit_consistency))
            .route("/audit/v1/proof/inclusion", get(audit_inclusion))
            .route("/audit/v1/entries/{index}", get(audit_entry))
            .route("/audit/v1/bundle", get(audit_bundle))
            .merge(admin)
            .merge(crate::console::router())
            .layer(DefaultBodyLimit::max(limit))
            .layer(tower_http::trace::TraceLayer::new_for_http())
            .with_state(self.state.clone())
    }

    /// Serves on `listener` until `shutdown` resolves, then drains in-flight requests.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        axum::serve(listener, self.router())
            .with_graceful_shutdown(shutdown)
            .await
    }
}

// ---------------------------------------------------------------------------------------------
// Errors in each API's own shape.

#[derive(Debug, Clone, Copy)]
enum ErrKind {
    Invalid,
    Auth,
    Permission,
    NotFound,
    RateLimit,
    TooLarge,
    Unavailable,
    Upstream,
}

fn api_error(api: ApiKind, status: StatusCode, kind: ErrKind, code: &str, msg: &str) -> Response {
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

fn request_id() -> String {
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
                tracing::error!(error = %e, "store failure during authentication");
                Err(api_error(
                    api,
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrKind::Unavailable,
                    "store_unavailable",
                    "the gateway's store is unavailable",
                ))
            }
            Err(AuthFail::Identity(e, key_id)) => {
                self.metrics.unauthenticated.fetch_add(1, Ordering::Relaxed);
                let ev = AuditEvent::AuthFailure(AuthFailureRecord {
                    at: now(),
                    request_id: rid.to_string(),
                    key_id,
                    reason: e.to_string(),
                });
                self.append(&ev, api).await?;
                Err(api_error(
                    api,
                    StatusCode::UNAUTHORIZED,
                    ErrKind::Auth,
                    "unauthenticated",
                    &e.to_string(),
                ))
            }
        }
    }

    async fn append(&self, ev: &AuditEvent, api: ApiKind) -> Result<(), Response> {
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

    fn facts(&self, a: &Authed, model: &ModelConfig, api: ApiKind) -> Facts {
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

    fn decide(&self, facts: &Facts) -> Result<(Decision, String), PolicyError> {
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
        s.metrics.render(),
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

fn policy_failure(api: ApiKind, e: &PolicyError) -> Response {
    tracing::error!(error = %e, "policy evaluation failed; denying");
    api_error(
        api,
        StatusCode::INTERNAL_SERVER_ERROR,
        ErrKind::Upstream,
        "policy_error",
        "policy evaluation failed; the request was denied",
    )
}

fn decision_event(
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

// ---------------------------------------------------------------------------------------------
// The proxy.

async fn chat_completions(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    proxy(s, ApiKind::Openai, "/v1/chat/completions", headers, body).await
}

async fn responses(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    proxy(s, ApiKind::Openai, "/v1/responses", headers, body).await
}

async fn messages(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    proxy(s, ApiKind::Anthropic, "/v1/messages", headers, body).await
}

/// Client headers forwarded upstream; nothing else is (in particular not the client's
/// credentials).
const FORWARDED: &[&str] = &["accept", "anthropic-version", "anthropic-beta"];

async fn proxy(
    s: Arc<AppState>,
    api: ApiKind,
    path: &'static str,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let t0 = Instant::now();
    s.metrics.requests.fetch_add(1, Ordering::Relaxed);
    let rid = request_id();
    let a = match s.authenticate_or_respond(&headers, api, &rid).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let body = match body {
        Ok(b) => b,
        Err(rej) if rej.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return api_error(
                api,
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrKind::TooLarge,
                "request_too_large",
                &format!("request body exceeds {} bytes", s.config.body_limit_bytes),
            );
        }
        Err(rej) => {
            return api_error(
                api,
                StatusCode::BAD_REQUEST,
                ErrKind::Invalid,
                "invalid_body",
                &rej.body_text(),
            );
        }
    };
    let mut json: Value = match serde_json::from_slice(&body) {
        Ok(v @ Value::Object(_)) => v,
        Ok(_) => {
            return api_error(
                api,
                StatusCode::BAD_REQUEST,
                ErrKind::Invalid,
                "invalid_json",
                "request body must be a JSON object",
            );
        }
        Err(e) => {
            return api_error(
                api,
                StatusCode::BAD_REQUEST,
                ErrKind::Invalid,
                "invalid_json",
                &format!("request body is not valid JSON: {e}"),
            );
        }
    };
    if s.config.debug_log_prompts {
        tracing::debug!(request_id = %rid, body = %json, "request body (debug_log_prompts)");
    }
    let Some(model_id) = json
        .get("model")
        .and_then(Value::as_str)
        .map(str::to_string)
    else {
        return api_error(
            api,
            StatusCode::BAD_REQUEST,
            ErrKind::Invalid,
            "missing_model",
            "`model` is required",
        );
    };
    let Some(model) = s.config.model(&model_id).filter(|m| m.api == api) else {
        return api_error(
            api,
            StatusCode::NOT_FOUND,
            ErrKind::NotFound,
            "model_not_found",
            "the model does not exist on this API, or you do not have access to it",
        );
    };
    let facts = s.facts(&a, model, api);
    let (decision, hash) = match s.decide(&facts) {
        Ok(x) => x,
        Err(e) => return policy_failure(api, &e),
    };
    let keys = QuotaKeys {
        org: a.rec.org.name.clone(),
        user: a.rec.user.email.clone(),
        model: model.id.clone(),
    };
    let quota = if decision.allowed {
        s.quotas.admit(&keys, now()).err()
    } else {
        None
    };
    let ev = decision_event(&rid, &a, &facts, &decision, hash, quota.as_ref());
    if let Err(r) = s.append(&ev, api).await {
        return r;
    }
    tracing::info!(
        request_id = %rid,
        user_id = a.rec.user.id,
        org_id = a.rec.org.id,
        model = %model.id,
        tier = %model.tier,
        allowed = decision.allowed,
        policies = %decision.reason(),
        quota = quota.as_ref().map(|q| q.limit).unwrap_or(""),
        "decision"
    );
    if !decision.allowed {
        s.metrics.deny.fetch_add(1, Ordering::Relaxed);
        let mut r = api_error(
            api,
            StatusCode::FORBIDDEN,
            ErrKind::Permission,
            "policy_denied",
            &format!(
                "access to model `{}` denied by policy: {}",
                model.id,
                decision.reason()
            ),
        );
        set_header(&mut r, "x-request-id", &rid);
        set_header(&mut r, "x-gateway-decision", &decision.reason());
        return r;
    }
    if let Some(q) = quota {
        s.metrics.quota.fetch_add(1, Ordering::Relaxed);
        let mut r = api_error(
            api,
            StatusCode::TOO_MANY_REQUESTS,
            ErrKind::RateLimit,
            "quota_exceeded",
            &format!(
                "quota exceeded: {} per {:?}; retry after {} s",
                q.limit, q.scope, q.retry_after
            ),
        );
        set_header(&mut r, "retry-after", &q.retry_after.to_string());
        set_header(&mut r, "x-request-id", &rid);
        return r;
    }
    s.metrics.allow.fetch_add(1, Ordering::Relaxed);

    // Forward.
    let stream = json.get("stream").and_then(Value::as_bool) == Some(true);
    let mut modified = false;
    if let Some(up) = &model.upstream_model {
        json["model"] = Value::String(up.clone());
        modified = true;
    }
    if stream && path == "/v1/chat/completions" {
        json["stream_options"]["include_usage"] = Value::Bool(true);
        modified = true;
    }
    let out_body = if modified {
        Bytes::from(serde_json::to_vec(&json).unwrap_or_default())
    } else {
        body
    };
    let url = format!("{}{}", model.upstream.trim_end_matches('/'), path);
    let mut req = s
        .client
        .post(url)
        .header(header::CONTENT_TYPE, "application/json")
        .body(out_body);
    for h in FORWARDED {
        if let Some(v) = headers.get(*h) {
            req = req.header(*h, v.clone());
        }
    }
    if let Some(k) = s.upstream_keys.get(&model.id) {
        req = match api {
            ApiKind::Openai => req.bearer_auth(k),
            ApiKind::Anthropic => req.header("x-api-key", k),
        };
    }
    if !stream {
        req = req.timeout(Duration::from_secs(s.config.upstream_timeout_secs));
    }
    let pre = t0.elapsed();
    let t_up = Instant::now();
    let resp = match req.send().await {
        Ok(r) => r,
        Err(e) => {
            s.metrics.upstream_errors.fetch_add(1, Ordering::Relaxed);
            tracing::warn!(request_id = %rid, model = %model.id, error = %e, "upstream request failed");
            let (status, code) = if e.is_timeout() {
                (StatusCode::GATEWAY_TIMEOUT, "upstream_timeout")
            } else {
                (StatusCode::BAD_GATEWAY, "upstream_unavailable")
            };
            return api_error(
                api,
                status,
                ErrKind::Upstream,
                code,
                "the upstream model endpoint failed",
            );
        }
    };
    s.metrics
        .upstream_latency
        .observe(t_up.elapsed().as_secs_f64() * 1000.0);
    let t_post = Instant::now();
    let status = StatusCode::from_u16(resp.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let content_type = resp.headers().get(reqwest::header::CONTENT_TYPE).cloned();
    let retry_after = resp.headers().get(reqwest::header::RETRY_AFTER).cloned();
    let is_sse = content_type
        .as_ref()
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/event-stream"));
    let fin = Finisher {
        state: s.clone(),
        keys,
        user_id: a.rec.user.id,
        org_id: a.rec.org.id,
        model: model.id.clone(),
    };
    let mut response = if is_sse {
        let tap = Tap {
            inner: Box::pin(resp.bytes_stream()),
            line: Vec::new(),
            usage: Usage::default(),
            fin: Some(fin),
        };
        Response::new(Body::from_stream(tap))
    } else {
        let bytes = match resp.bytes().await {
            Ok(b) => b,
            Err(e) => {
                s.metrics.upstream_errors.fetch_add(1, Ordering::Relaxed);
                tracing::warn!(request_id = %rid, error = %e, "upstream body failed");
                return api_error(
                    api,
                    StatusCode::BAD_GATEWAY,
                    ErrKind::Upstream,
                    "upstream_unavailable",
                    "the upstream model endpoint failed",
                );
            }
        };
        let mut usage = Usage::default();
        if let Ok(v) = serde_json::from_slice::<Value>(&bytes) {
            usage.observe(&v);
        }
        fin.finish(usage);
        Response::new(Body::from(bytes))
    };
    *response.status_mut() = status;
    if let Some(ct) = content_type
        && let Ok(v) = HeaderValue::from_bytes(ct.as_bytes())
    {
        response.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    if let Some(ra) = retry_after
        && let Ok(v) = HeaderValue::from_bytes(ra.as_bytes())
    {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    if is_sse {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    let overhead = pre + t_post.elapsed();
    s.metrics.overhead.observe(overhead.as_secs_f64() * 1000.0);
    set_header(&mut response, "x-request-id", &rid);
    set_header(
        &mut response,
        "x-gateway-overhead-ms",
        &format!("{:.3}", overhead.as_secs_f64() * 1000.0),
    );
    response
}

fn set_header(r: &mut Response, name: &'static str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        r.headers_mut().insert(HeaderName::from_static(name), v);
    }
}

/// Token usage read from upstream responses or stream events.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// Input tokens.
    pub input: u64,
    /// Output tokens.
    pub output: u64,
}

impl Usage {
    /// Reads `usage` (OpenAI chat and responses, Anthropic) from a response or event object.
    pub fn observe(&mut self, v: &Value) {
        for u in [
            v.get("usage"),
            v.pointer("/message/usage"),
            v.pointer("/response/usage"),
        ]
        .into_iter()
        .flatten()
        {
            let get = |a: &str, b: &str| {
                u.get(a)
                    .or_else(|| u.get(b))
                    .and_then(Value::as_u64)
                    .unwrap_or(0)
            };
            self.input = self.input.max(get("prompt_tokens", "input_tokens"));
            self.output = self.output.max(get("completion_tokens", "output_tokens"));
        }
    }
}

struct Finisher {
    state: Arc<AppState>,
    keys: QuotaKeys,
    user_id: i64,
    org_id: i64,
    model: String,
}

impl Finisher {
    fn finish(self, usage: Usage) {
        let t = now();
        self.state
            .quotas
            .add_tokens(&self.keys, usage.input + usage.output, t);
        let rec = UsageRecord {
            user_id: self.user_id,
            org_id: self.org_id,
            model: self.model,
            prompt_tokens: usage.input,
            completion_tokens: usage.output,
            at: t,
        };
        let store = self.state.store.clone();
        if let Ok(h) = tokio::runtime::Handle::try_current() {
            h.spawn(async move {
                if let Err(e) = store.record_usage(&rec).await {
                    tracing::error!(error = %e, "recording usage failed");
                }
            });
        }
    }
}

/// Passes an upstream SSE stream through chunk by chunk, reading `usage` from `data:` lines.
struct Tap {
    inner: Pin<Box<dyn Stream<Item = Result<Bytes, reqwest::Error>> + Send>>,
    line: Vec<u8>,
    usage: Usage,
    fin: Option<Finisher>,
}

const MAX_SSE_LINE: usize = 1 << 20;

impl Tap {
    fn scan(&mut self, chunk: &[u8]) {
        for &b in chunk {
            if b == b'\n' {
                let line = std::mem::take(&mut self.line);
                let line = line.strip_suffix(b"\r").unwrap_or(&line);
                if let Some(data) = line.strip_prefix(b"data:")
                    && let Ok(v) = serde_json::from_slice::<Value>(data.trim_ascii())
                {
                    self.usage.observe(&v);
                }
            } else if self.line.len() < MAX_SSE_LINE {
                self.line.push(b);
            }
        }
    }

    fn finish(&mut self) {
        if let Some(f) = self.fin.take() {
            f.finish(self.usage);
        }
    }
}

impl Stream for Tap {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Option<Self::Item>> {
        match self.inner.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(b))) => {
                self.scan(&b);
                Poll::Ready(Some(Ok(b)))
            }
            Poll::Ready(Some(Err(e))) => {
                self.finish();
                Poll::Ready(Some(Err(std::io::Error::other(e))))
            }
            Poll::Ready(None) => {
                self.finish();
                Poll::Ready(None)
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl Drop for Tap {
    fn drop(&mut self) {
        self.finish();
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
        return Err(plain_error(
            StatusCode::FORBIDDEN,
            &format!("role {} may not do this", a.rec.user.role.as_str()),
        ));
    }
    Ok(a)
}

fn parse_json<T: serde::de::DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
) -> Result<T, Response> {
    let b = body.map_err(|r| plain_error(r.status(), &r.body_text()))?;
    serde_json::from_slice(&b)
        .map_err(|e| plain_error(StatusCode::BAD_REQUEST, &format!("invalid JSON body: {e}")))
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
    let b: NewOrgBody = match parse_json(body) {
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
        Ok(o) if !may_see_org(&a.rec, &o) => plain_error(
            StatusCode::NOT_FOUND,
            &format!("organisation {name:?} not found"),
        ),
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
    let b: NewUserBody = match parse_json(body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let role = match b.role.as_deref().map(Role::parse) {
        None => Role::User,
        Some(Some(r)) => r,
        Some(None) => return plain_error(StatusCode::BAD_REQUEST, "unknown role"),
    };
    if let Err(e) = check_new_user(&a.rec, &b.org, role) {
        return scope_error(e);
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
    let b: NewKeyBody = match parse_json(body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    if let Err(e) = check_key_owner(s.store.as_ref(), &a.rec, &b.email).await {
        return scope_error(e);
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
    let b: ReasonBody = match parse_json(body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    // An org-admin may revoke only keys of its own organisation's users.
    if let Err(e) = check_key_revoke(s.store.as_ref(), &a.rec, &key_id).await {
        return scope_error(e);
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
    let rule: QuotaRule = match parse_json(body) {
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
    let b: ReasonBody = match parse_json(body) {
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
    let b: VetBody = match parse_json(body) {
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
    let b: ScreeningBody = parse_json(body)?;
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

// ---------------------------------------------------------------------------------------------
// The audit log API. The checkpoint, the public key and consistency proofs are public (they
// reveal hashes only); entries, inclusion proofs (which carry the entry) and bundles need the
// regulator or admin role.

fn merkle(s: &AppState) -> Result<Arc<ferret_audit::Log>, Response> {
    s.audit.merkle_log().ok_or_else(|| {
        plain_error(
            StatusCode::NOT_FOUND,
            "this gateway's audit sink is not a Merkle log",
        )
    })
}

fn b64(h: &ferret_audit::Hash) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(h)
}

fn text(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

/// Signs a checkpoint now if entries are waiting for one.
async fn fresh_checkpoint(
    log: &ferret_audit::Log,
) -> Result<ferret_audit::StoredCheckpoint, Response> {
    match log.checkpoint().await {
        Ok(Some(cp)) => Ok(cp),
        Ok(None) => Err(plain_error(
            StatusCode::NOT_FOUND,
            "the audit log has no checkpoint yet",
        )),
        Err(e) => {
            tracing::error!(error = %e, "signing an audit checkpoint failed");
            Err(plain_error(
                StatusCode::SERVICE_UNAVAILABLE,
                "the audit log is unavailable",
            ))
        }
    }
}

async fn audit_checkpoint(State(s): State<Arc<AppState>>) -> Response {
    let log = match merkle(&s) {
        Ok(l) => l,
        Err(r) => return r,
    };
    match log.latest_checkpoint() {
        Some(cp) => text(cp.note),
        None => match fresh_checkpoint(&log).await {
            Ok(cp) => text(cp.note),
            Err(r) => r,
        },
    }
}

async fn audit_public_key(State(s): State<Arc<AppState>>) -> Response {
    match merkle(&s) {
        Ok(log) => text(format!("{}\n", log.verifier().to_text())),
        Err(r) => r,
    }
}

fn query_u64(q: &HashMap<String, String>, name: &str) -> Result<Option<u64>, Response> {
    q.get(name)
        .map(|v| {
            v.parse::<u64>().map_err(|_| {
                plain_error(
                    StatusCode::BAD_REQUEST,
                    &format!("{name} must be a non-negative integer"),
                )
            })
        })
        .transpose()
}

async fn audit_consistency(
    State(s): State<Arc<AppState>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let log = match merkle(&s) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let (from, to) = match (query_u64(&q, "from"), query_u64(&q, "to")) {
        (Ok(Some(f)), Ok(t)) => (f, t),
        (Ok(None), _) => return plain_error(StatusCode::BAD_REQUEST, "from is required"),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let to = match to {
        Some(t) => t,
        None => match log.latest_checkpoint() {
            Some(cp) => cp.size,
            None => return plain_error(StatusCode::NOT_FOUND, "no checkpoint yet"),
        },
    };
    match log.consistency_proof(from, to) {
        Ok(p) => axum::Json(json!({
            "from": from,
            "to": to,
            "proof": p.iter().map(b64).collect::<Vec<_>>(),
        }))
        .into_response(),
        Err(e) => plain_error(StatusCode::BAD_REQUEST, &e.to_string()),
    }
}

async fn audit_inclusion(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Err(r) = caller(&s, &headers, &[Role::Regulator, Role::Admin]).await {
        return r;
    }
    let log = match merkle(&s) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let indexes = match (query_u64(&q, "index"), q.get("request_id")) {
        (Ok(Some(i)), None) => vec![i],
        (Ok(None), Some(rid)) => log.find_request(rid),
        (Err(r), _) => return r,
        _ => {
            return plain_error(
                StatusCode::BAD_REQUEST,
                "give exactly one of index or request_id",
            );
        }
    };
    if indexes.is_empty() || indexes.iter().any(|&i| i >= log.size()) {
        return plain_error(StatusCode::NOT_FOUND, "no such entry");
    }
    let cp = match query_u64(&q, "tree_size") {
        Err(r) => return r,
        Ok(Some(size)) => match log.checkpoint_at(size) {
            Some(cp) => cp,
            None => {
                return plain_error(StatusCode::NOT_FOUND, "no checkpoint of that tree size");
            }
        },
        Ok(None) => {
            let newest = indexes.iter().max().copied().unwrap_or(0);
            match log.latest_checkpoint() {
                Some(cp) if cp.size > newest => cp,
                _ => match fresh_checkpoint(&log).await {
                    Ok(cp) => cp,
                    Err(r) => return r,
                },
            }
        }
    };
    let mut out = Vec::new();
    for i in indexes {
        if i >= cp.size {
            return plain_error(
                StatusCode::BAD_REQUEST,
                "the entry is not in that checkpoint's tree",
            );
        }
        let (bytes, proof) = match (log.entry(i), log.inclusion_proof(i, cp.size)) {
            (Ok(Some(b)), Ok(p)) => (b, p),
            (Err(e), _) | (_, Err(e)) => {
                tracing::error!(error = %e, "reading the audit log failed");
                return plain_error(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the audit log is unavailable",
                );
            }
            (Ok(None), _) => return plain_error(StatusCode::NOT_FOUND, "no such entry"),
        };
        out.push(json!({
            "index": i,
            "entry": String::from_utf8_lossy(&bytes),
            "leaf_hash": b64(&ferret_audit::merkle::leaf_hash(&bytes)),
            "proof": proof.iter().map(b64).collect::<Vec<_>>(),
        }));
    }
    axum::Json(json!({"tree_size": cp.size, "checkpoint": cp.note, "entries": out})).into_response()
}

async fn audit_entry(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath(index): UrlPath<u64>,
) -> Response {
    if let Err(r) = caller(&s, &headers, &[Role::Regulator, Role::Admin]).await {
        return r;
    }
    let log = match merkle(&s) {
        Ok(l) => l,
        Err(r) => return r,
    };
    match log.entry(index) {
        Ok(Some(bytes)) => {
            let entry: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            axum::Json(json!({
                "index": index,
                "entry": entry,
                "canonical": String::from_utf8_lossy(&bytes),
                "leaf_hash": b64(&ferret_audit::merkle::leaf_hash(&bytes)),
            }))
            .into_response()
        }
        Ok(None) => plain_error(StatusCode::NOT_FOUND, "no such entry"),
        Err(e) => {
            tracing::error!(error = %e, "reading the audit log failed");
            plain_error(
                StatusCode::SERVICE_UNAVAILABLE,
                "the audit log is unavailable",
            )
        }
    }
}

/// `from` / `to` as unix seconds or a `YYYY-MM-DD` date (UTC; `to` includes the whole day).
fn query_time(q: &HashMap<String, String>, name: &str, end: bool) -> Result<Option<i64>, Response> {
    let Some(v) = q.get(name) else {
        return Ok(None);
    };
    if let Ok(t) = v.parse::<i64>() {
        return Ok(Some(t));
    }
    match crate::parse_date(v) {
        Some(d) => Ok(Some(if end { d + 86_399 } else { d })),
        None => Err(plain_error(
            StatusCode::BAD_REQUEST,
            &format!("{name} must be unix seconds or YYYY-MM-DD"),
        )),
    }
}

async fn audit_bundle(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Err(r) = caller(&s, &headers, &[Role::Regulator, Role::Admin]).await {
        return r;
    }
    let log = match merkle(&s) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let (from, to) = match (query_time(&q, "from", false), query_time(&q, "to", true)) {
        (Ok(f), Ok(t)) => (f, t),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    if let Err(r) = fresh_checkpoint(&log).await {
        return r;
    }
    match ferret_audit::bundle::plan(&log, from, to) {
        Ok(_) => {}
        Err(ferret_audit::bundle::BundleError::Empty(m)) => {
            return plain_error(StatusCode::NOT_FOUND, &m);
        }
        Err(e) => {
            tracing::error!(error = %e, "audit bundle export failed");
            return plain_error(
                StatusCode::SERVICE_UNAVAILABLE,
                "the audit log is unavailable",
            );
        }
    }
    // The bundle is written by a blocking task into a bounded channel and streamed out, so a
    // large range is never held in memory. A failure mid-way cuts the stream, and the truncated
    // bundle fails verification.
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(8);
    tokio::task::spawn_blocking(move || {
        let mut w = ChannelWriter {
            tx: tx.clone(),
            buf: Vec::with_capacity(CHUNK),
        };
        let res = ferret_audit::bundle::export(&log, from, to, &mut w);
        if let Err(e) = res {
            tracing::error!(error = %e, "audit bundle export failed mid-stream");
            let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
        }
    });
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"audit-bundle.txt\"",
            ),
        ],
        Body::from_stream(body),
    )
        .into_response()
}

const CHUNK: usize = 256 * 1024;

/// A `Write` that sends 256 KiB chunks into a channel (from a blocking task).
struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
    buf: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::other("the client went away"))
    }
}

impl std::io::Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}
