//! Operator and org-admin pages: organisations, their users and keys, and quotas.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::{Form, Path, State};
use axum::response::Response;
use serde::Deserialize;

use super::html::{esc, input, seg, table, when};
use super::{ConsoleError, Result, Viewer};
use crate::ops::describe_quota;
use crate::quota::{QuotaRule, Scope};
use crate::scope::{
    check_key_owner, check_key_revoke, check_new_user, grantable_roles, may_manage, may_see_org,
};
use crate::server::AppState;
use crate::store::{Org, Role};

/// The roles that manage users and keys, each as far as [`crate::scope`] allows (a regulator:
/// the regulator accounts of its own organisation).
const MANAGERS: &[Role] = &[Role::Admin, Role::OrgAdmin, Role::Regulator];
const ORG_VIEWERS: &[Role] = &[Role::Admin, Role::OrgAdmin, Role::Regulator];

/// The organisation `name`, if the viewer may see it; otherwise 404 (never 403, so that an
/// org-admin cannot learn which other organisations exist). An org-admin's request for any
/// organisation but its own is a refusal, and audited.
pub(super) async fn visible_org(s: &AppState, v: &Viewer, name: &str) -> Result<Org> {
    let hidden = || ConsoleError::NotFound(format!("organisation {name:?} not found"));
    match s.store.org_by_name(name).await? {
        Some(o) if may_see_org(&v.rec, &o) => Ok(o),
        Some(_) => Err(v.refuse(hidden()).await),
        None if v.rec.user.role == Role::OrgAdmin => Err(v.refuse(hidden()).await),
        None => Err(hidden()),
    }
}

fn org_link(name: &str) -> String {
    format!(
        "<a href=\"/console/orgs/{}\" class=\"org-link\">{}</a>",
        seg(name),
        esc(name)
    )
}

pub(super) async fn orgs_page(State(s): State<Arc<AppState>>, v: Viewer) -> Result<Response> {
    v.require(ORG_VIEWERS).await?;
    let rows: Vec<Vec<String>> = s
        .store
        .list_orgs()
        .await?
        .into_iter()
        .filter(|o| may_see_org(&v.rec, o))
        .map(|o| {
            vec![
                org_link(&o.name),
                esc(&o.country),
                esc(o.status.as_str()),
                esc(o.screening.as_str()),
                esc(&when(o.approved_at)),
            ]
        })
        .collect();
    let mut body = table(
        "orgs",
        &["Organisation", "Country", "Status", "Screening", "Approved"],
        &rows,
    );
    if v.rec.user.role == Role::Admin {
        let _ = write!(
            body,
            "<h2>New organisation</h2><form method=\"post\" action=\"/console/orgs\" class=\"box\" id=\"new-org\">{}{}{}\
             <button type=\"submit\">Create (status: applied)</button></form>",
            v.csrf_field(),
            input("name", "Legal name", true),
            input("country", "Country (ISO code)", true),
        );
    }
    Ok(v.page("Organisations", &body))
}

#[derive(Deserialize)]
pub(super) struct NewOrg {
    #[serde(default)]
    csrf: String,
    name: String,
    country: String,
}

pub(super) async fn create_org(
    State(s): State<Arc<AppState>>,
    v: Viewer,
    Form(f): Form<NewOrg>,
) -> Result<Response> {
    v.require(&[Role::Admin]).await?;
    v.check_csrf(&f.csrf).await?;
    let o = s.admin.create_org(&f.name, &f.country, v.actor()).await?;
    Ok(v.done(
        &s,
        &format!("/console/orgs/{}", seg(&o.name)),
        format!(
            "Organisation {} created (screening: {}).",
            o.name,
            o.screening.as_str()
        ),
    )
    .await)
}

pub(super) async fn org_page(
    State(s): State<Arc<AppState>>,
    v: Viewer,
    Path(name): Path<String>,
) -> Result<Response> {
    v.require(ORG_VIEWERS).await?;
    let org = visible_org(&s, &v, &name).await?;
    let mut body = format!(
        "<dl id=\"org-facts\"><dt>Country</dt><dd>{}</dd><dt>Status</dt><dd id=\"org-status\">{}</dd>\
         <dt>Screening</dt><dd>{}</dd><dt>Basis</dt><dd>{}</dd><dt>Approved by</dt><dd>{}</dd>\
         <dt>Approved at</dt><dd>{}</dd></dl>",
        esc(&org.country),
        esc(org.status.as_str()),
        esc(org.screening.as_str()),
        esc(org.basis.as_deref().unwrap_or("")),
        esc(org.approved_by.as_deref().unwrap_or("")),
        esc(&when(org.approved_at)),
    );
    let users = s.store.list_users(Some(org.id)).await?;
    let rows: Vec<Vec<String>> = users
        .iter()
        .map(|u| {
            vec![
                esc(&u.email),
                esc(u.name.as_deref().unwrap_or("")),
                esc(u.role.as_str()),
                esc(&u.nationality),
                esc(&u.location),
                esc(u.screening.as_str()),
            ]
        })
        .collect();
    body.push_str("<h2>Users</h2>");
    body.push_str(&table(
        "users",
        &[
            "E-mail",
            "Name",
            "Role",
            "Nationality",
            "Location",
            "Screening",
        ],
        &rows,
    ));
    // Only what the viewer may do is offered: the roles it may grant here, and the users it
    // may mint and revoke keys for (the same rule as the checks on submission).
    let roles = grantable_roles(&v.rec, &org);
    if !roles.is_empty() {
        let options: String = roles
            .iter()
            .map(|r| format!("<option value=\"{0}\">{0}</option>", r.as_str()))
            .collect();
        let _ = write!(
            body,
            "<form method=\"post\" action=\"/console/orgs/{}/users\" class=\"box\" id=\"new-user\">{}{}{}{}{}\
             <label>Role <select name=\"role\">{options}</select></label>\
             <button type=\"submit\">Add user</button></form>",
            seg(&org.name),
            v.csrf_field(),
            input("email", "E-mail", true),
            input("name", "Full name (screened)", true),
            input("nationality", "Nationality", true),
            input("location", "Location", true),
        );
    }
    let manageable: Vec<&crate::store::User> =
        users.iter().filter(|u| may_manage(&v.rec, u)).collect();
    if matches!(v.rec.user.role, Role::Admin | Role::OrgAdmin) || !manageable.is_empty() {
        let keys = s.store.org_keys(org.id).await?;
        let now = crate::now();
        let rows: Vec<Vec<String>> = keys
            .iter()
            .map(|(email, k)| {
                let state = match k.revoked_at {
                    Some(t) => format!("revoked {}", crate::rfc3339(t)),
                    None if k.expires_at <= now => "expired".into(),
                    None => "active".into(),
                };
                let may_revoke = manageable.iter().any(|u| u.email == *email);
                let action = if k.revoked_at.is_none() && may_revoke {
                    format!(
                        "<form method=\"post\" action=\"/console/keys/{}/revoke\" class=\"inline\">{}\
                         <input type=\"text\" name=\"reason\" placeholder=\"reason\" required>\
                         <button type=\"submit\" class=\"danger\">Revoke</button></form>",
                        seg(&k.key_id),
                        v.csrf_field()
                    )
                } else {
                    String::new()
                };
                vec![
                    format!("<code>{}</code>", esc(&k.key_id)),
                    esc(email),
                    esc(&crate::rfc3339(k.created_at)),
                    esc(&crate::rfc3339(k.expires_at)),
                    esc(&state),
                    action,
                ]
            })
            .collect();
        body.push_str("<h2>API keys</h2>");
        body.push_str(&table(
            "keys",
            &["Key id", "Owner", "Created", "Expires", "State", ""],
            &rows,
        ));
        let options: String = manageable
            .iter()
            .map(|u| format!("<option value=\"{0}\">{0}</option>", esc(&u.email)))
            .collect();
        if !manageable.is_empty() {
            let _ = write!(
                body,
                "<form method=\"post\" action=\"/console/orgs/{}/keys\" class=\"box\" id=\"new-key\">{}\
                 <label>For <select name=\"email\">{options}</select></label>{}\
                 <button type=\"submit\">Create key</button></form>",
                seg(&org.name),
                v.csrf_field(),
                input("days", "Days (blank: longest allowed)", false),
            );
        }
    }
    let events = s.store.org_events(org.id).await?;
    body.push_str("<h2>History</h2>");
    body.push_str(&events_table(&events));
    Ok(v.page(&org.name, &body))
}

/// An organisation's vetting history.
pub(super) fn events_table(events: &[crate::store::VettingEvent]) -> String {
    let rows: Vec<Vec<String>> = events
        .iter()
        .map(|e| {
            vec![
                esc(&crate::rfc3339(e.at)),
                esc(&e.action),
                format!("{} → {}", esc(&e.from_status), esc(&e.to_status)),
                esc(&e.actor),
                esc(&e.reason),
            ]
        })
        .collect();
    table(
        "history",
        &["When", "Action", "Change", "By", "Reason"],
        &rows,
    )
}

#[derive(Deserialize)]
pub(super) struct NewUser {
    #[serde(default)]
    csrf: String,
    email: String,
    #[serde(default)]
    name: String,
    nationality: String,
    location: String,
    role: String,
}

pub(super) async fn create_user(
    State(s): State<Arc<AppState>>,
    v: Viewer,
    Path(name): Path<String>,
    Form(f): Form<NewUser>,
) -> Result<Response> {
    v.require(MANAGERS).await?;
    v.check_csrf(&f.csrf).await?;
    let org = visible_org(&s, &v, &name).await?;
    let role =
        Role::parse(&f.role).ok_or_else(|| ConsoleError::BadRequest("unknown role".into()))?;
    v.scoped(check_new_user(&v.rec, &org.name, role)).await?;
    let full_name = Some(f.name.trim()).filter(|n| !n.is_empty());
    let u = s
        .admin
        .register_user(
            &f.email,
            &org.name,
            &f.nationality,
            &f.location,
            full_name,
            role,
            v.actor(),
        )
        .await?;
    Ok(v.done(
        &s,
        &format!("/console/orgs/{}", seg(&org.name)),
        format!(
            "User {} added as {} (screening: {}).",
            u.email,
            u.role.as_str(),
            u.screening.as_str()
        ),
    )
    .await)
}

#[derive(Deserialize)]
pub(super) struct NewKey {
    #[serde(default)]
    csrf: String,
    email: String,
    #[serde(default)]
    days: String,
}

pub(super) async fn create_key(
    State(s): State<Arc<AppState>>,
    v: Viewer,
    Path(name): Path<String>,
    Form(f): Form<NewKey>,
) -> Result<Response> {
    v.require(MANAGERS).await?;
    v.check_csrf(&f.csrf).await?;
    let org = visible_org(&s, &v, &name).await?;
    v.scoped(check_key_owner(s.store.as_ref(), &v.rec, &f.email).await)
        .await?;
    let days = match f.days.trim() {
        "" => None,
        d => Some(
            d.parse::<u32>()
                .map_err(|_| ConsoleError::BadRequest("days must be a whole number".into()))?,
        ),
    };
    let k = s.admin.create_key(&f.email, days, v.actor()).await?;
    let body = format!(
        "<p>This is the only time the key is shown. Give it to {} over a secure channel.</p>\
         <p class=\"newkey\"><code id=\"new-key-value\">{}</code></p>\
         <p>Key id <code>{}</code>, expires {}.</p><p><a href=\"/console/orgs/{}\">Back to {}</a></p>",
        esc(&k.email),
        esc(&k.key),
        esc(&k.key_id),
        esc(&k.expires_at),
        seg(&org.name),
        esc(&org.name)
    );
    Ok(v.page("New API key", &body))
}

#[derive(Deserialize)]
pub(super) struct Reason {
    #[serde(default)]
    csrf: String,
    reason: String,
}

pub(super) async fn revoke_key(
    State(s): State<Arc<AppState>>,
    v: Viewer,
    Path(key_id): Path<String>,
    Form(f): Form<Reason>,
) -> Result<Response> {
    v.require(MANAGERS).await?;
    v.check_csrf(&f.csrf).await?;
    v.scoped(check_key_revoke(s.store.as_ref(), &v.rec, &key_id).await)
        .await?;
    s.admin.revoke_key(&key_id, &f.reason, v.actor()).await?;
    let back = match s.store.principal_by_key(&key_id).await? {
        Some((_, p)) => format!("/console/orgs/{}", seg(&p.org.name)),
        None => "/console/orgs".into(),
    };
    Ok(v.done(&s, &back, format!("Key {key_id} revoked.")).await)
}

fn quota_cells(q: &QuotaRule) -> Vec<String> {
    let limit = |x: Option<u64>| x.map_or_else(|| "—".into(), |n| n.to_string());
    vec![
        esc(q.scope.as_str()),
        esc(q.only.as_deref().unwrap_or("(each)")),
        limit(q.requests_per_minute),
        limit(q.requests_per_day),
        limit(q.tokens_per_minute),
        limit(q.tokens_per_day),
    ]
}

const QUOTA_HEAD: [&str; 6] = [
    "Scope",
    "Only for",
    "Requests/min",
    "Requests/day",
    "Tokens/min",
    "Tokens/day",
];

pub(super) async fn quotas_page(State(s): State<Arc<AppState>>, v: Viewer) -> Result<Response> {
    v.require(&[Role::Admin]).await?;
    let configured: Vec<Vec<String>> = s.config.quotas.iter().map(quota_cells).collect();
    let stored: Vec<Vec<String>> = s
        .store
        .quota_rules()
        .await?
        .iter()
        .map(|q| {
            let mut cells = quota_cells(&q.rule);
            cells.push(format!(
                "{} by {}",
                esc(&crate::rfc3339(q.created_at)),
                esc(&q.created_by)
            ));
            cells.push(format!(
                "<form method=\"post\" action=\"/console/quotas/{}/remove\" class=\"inline\">{}\
                 <input type=\"text\" name=\"reason\" placeholder=\"reason\" required>\
                 <button type=\"submit\" class=\"danger\">Remove</button></form>",
                q.id,
                v.csrf_field()
            ));
            cells
        })
        .collect();
    let mut head = QUOTA_HEAD.to_vec();
    head.extend(["Set", ""]);
    let scopes: String = [Scope::Org, Scope::User, Scope::Model]
        .iter()
        .map(|sc| format!("<option value=\"{0}\">{0}</option>", sc.as_str()))
        .collect();
    let body = format!(
        "<p>Limits count per organisation, user or model, per minute and per day; a rule with \
         \"only for\" blank applies to each one separately. A request must pass every rule that \
         applies.</p><h2>Set in the console</h2>{}\
         <form method=\"post\" action=\"/console/quotas\" class=\"box\" id=\"new-quota\">{}\
         <label>Scope <select name=\"scope\">{scopes}</select></label>{}{}{}{}{}\
         <button type=\"submit\">Add rule</button></form>\
         <h2>From the configuration file</h2><p>These come from <code>[[quota]]</code> in \
         <code>gateway.toml</code> and change with it.</p>{}",
        table("stored-quotas", &head, &stored),
        v.csrf_field(),
        input("only", "Only for (org name, e-mail or model)", false),
        input("requests_per_minute", "Requests/min", false),
        input("requests_per_day", "Requests/day", false),
        input("tokens_per_minute", "Tokens/min", false),
        input("tokens_per_day", "Tokens/day", false),
        table("configured-quotas", &QUOTA_HEAD, &configured),
    );
    Ok(v.page("Quotas", &body))
}

#[derive(Deserialize)]
pub(super) struct NewQuota {
    #[serde(default)]
    csrf: String,
    scope: String,
    #[serde(default)]
    only: String,
    #[serde(default)]
    requests_per_minute: String,
    #[serde(default)]
    requests_per_day: String,
    #[serde(default)]
    tokens_per_minute: String,
    #[serde(default)]
    tokens_per_day: String,
}

fn limit_field(name: &str, v: &str) -> Result<Option<u64>> {
    match v.trim() {
        "" => Ok(None),
        t => t
            .parse()
            .map(Some)
            .map_err(|_| ConsoleError::BadRequest(format!("{name} must be a whole number"))),
    }
}

pub(super) async fn add_quota(
    State(s): State<Arc<AppState>>,
    v: Viewer,
    Form(f): Form<NewQuota>,
) -> Result<Response> {
    v.require(&[Role::Admin]).await?;
    v.check_csrf(&f.csrf).await?;
    let rule = QuotaRule {
        scope: Scope::parse(&f.scope)
            .ok_or_else(|| ConsoleError::BadRequest("scope must be org, user or model".into()))?,
        only: Some(f.only.trim().to_string()).filter(|o| !o.is_empty()),
        requests_per_minute: limit_field("requests/min", &f.requests_per_minute)?,
        requests_per_day: limit_field("requests/day", &f.requests_per_day)?,
        tokens_per_minute: limit_field("tokens/min", &f.tokens_per_minute)?,
        tokens_per_day: limit_field("tokens/day", &f.tokens_per_day)?,
    };
    let q = s.admin.add_quota(&rule, v.actor()).await?;
    s.reload_quotas().await?;
    Ok(v.done(
        &s,
        "/console/quotas",
        format!("Quota rule {} in force: {}.", q.id, describe_quota(&q.rule)),
    )
    .await)
}

pub(super) async fn remove_quota(
    State(s): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(f): Form<Reason>,
) -> Result<Response> {
    v.require(&[Role::Admin]).await?;
    v.check_csrf(&f.csrf).await?;
    s.admin.remove_quota(id, &f.reason, v.actor()).await?;
    s.reload_quotas().await?;
    Ok(
        v.done(&s, "/console/quotas", format!("Quota rule {id} removed."))
            .await,
    )
}
