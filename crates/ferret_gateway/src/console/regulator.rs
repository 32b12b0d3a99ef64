//! Regulator pages: the vetting queue, the authorised list (with history, revocation and
//! export), screening hits, and the audit log with a proof check per entry.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::{Form, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::Value;

use super::admin::{events_table, visible_org};
use super::html::{esc, input, seg, table};
use super::{ConsoleError, Result, Viewer};
use crate::audit::{AuditError, InclusionCheck};
use crate::ops::{Disposition, Vetting};
use crate::server::{AppState, authorised_export};
use crate::store::{OrgStatus, Role, Screening};

const REGULATOR: &[Role] = &[Role::Regulator];
const READERS: &[Role] = &[Role::Regulator, Role::Admin];
/// Audit entries per page.
const PAGE: u64 = 25;

fn vet_form(v: &Viewer, org: &str, action: Vetting, with_basis: bool) -> String {
    let (label, class) = match action {
        Vetting::Approve => ("Approve", ""),
        Vetting::Deny => ("Deny", " class=\"danger\""),
        Vetting::Revoke => ("Revoke", " class=\"danger\""),
    };
    format!(
        "<form method=\"post\" action=\"/console/vetting/{}/{}\" class=\"box {}\">{}{}{}\
         <button type=\"submit\"{class}>{label}</button></form>",
        seg(org),
        action.as_str(),
        action.as_str(),
        v.csrf_field(),
        input("reason", "Reason", true),
        if with_basis {
            input("basis", "Authorisation basis (licence...)", false)
        } else {
            String::new()
        },
    )
}

pub(super) async fn vetting_page(State(s): State<Arc<AppState>>, v: Viewer) -> Result<Response> {
    v.require(REGULATOR).await?;
    let rows: Vec<Vec<String>> = s
        .store
        .list_orgs()
        .await?
        .into_iter()
        .filter(|o| o.status == OrgStatus::Applied)
        .map(|o| {
            vec![
                format!(
                    "<a href=\"/console/orgs/{}\">{}</a>",
                    seg(&o.name),
                    esc(&o.name)
                ),
                esc(&o.country),
                esc(o.screening.as_str()),
                esc(&crate::rfc3339(o.created_at)),
                vet_form(&v, &o.name, Vetting::Approve, true)
                    + &vet_form(&v, &o.name, Vetting::Deny, false),
            ]
        })
        .collect();
    let body = format!(
        "<p>Applicants awaiting a decision. Each decision needs a reason and is logged.</p>{}",
        table(
            "queue",
            &["Applicant", "Country", "Screening", "Applied", "Decision"],
            &rows
        )
    );
    Ok(v.page("Vetting queue", &body))
}

#[derive(Deserialize)]
pub(super) struct VetForm {
    #[serde(default)]
    csrf: String,
    reason: String,
    #[serde(default)]
    basis: String,
}

pub(super) async fn vet(
    State(s): State<Arc<AppState>>,
    v: Viewer,
    Path((name, action)): Path<(String, String)>,
    Form(f): Form<VetForm>,
) -> Result<Response> {
    v.require(REGULATOR).await?;
    v.check_csrf(&f.csrf).await?;
    let action =
        Vetting::parse(&action).ok_or_else(|| ConsoleError::NotFound("unknown action".into()))?;
    let basis = Some(f.basis.trim()).filter(|b| !b.is_empty());
    let o = s
        .admin
        .vet(&name, action, &f.reason, basis, v.actor())
        .await?;
    let back = match action {
        Vetting::Revoke => "/console/authorised",
        _ => "/console/vetting",
    };
    Ok(v.done(
        &s,
        back,
        format!("{}: {} → {}.", o.name, action.as_str(), o.status.as_str()),
    )
    .await)
}

pub(super) async fn authorised_page(State(s): State<Arc<AppState>>, v: Viewer) -> Result<Response> {
    v.require(READERS).await?;
    let rows = s.admin.authorised().await?;
    let regulator = v.rec.user.role == Role::Regulator;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let org = visible_org(&s, &v, &r.name).await?;
        let history = events_table(&s.store.org_events(org.id).await?);
        let mut cells = vec![
            format!(
                "<a href=\"/console/orgs/{}\">{}</a>",
                seg(&r.name),
                esc(&r.name)
            ),
            esc(&r.country),
            esc(&r.approved_by),
            esc(&r.approved_at),
            esc(&r.basis),
            format!("<details><summary>History</summary>{history}</details>"),
        ];
        if regulator {
            cells.push(vet_form(&v, &r.name, Vetting::Revoke, false));
        }
        out.push(cells);
    }
    let mut head = vec![
        "Organisation",
        "Country",
        "Approved by",
        "Approved at",
        "Basis",
        "History",
    ];
    if regulator {
        head.push("Revoke access");
    }
    let body = format!(
        "<p id=\"exports\">Export: <a href=\"/console/authorised/export/csv\" id=\"export-csv\" download>CSV</a> · \
         <a href=\"/console/authorised/export/json\" id=\"export-json\" download>JSON</a></p>{}",
        table("authorised", &head, &out)
    );
    Ok(v.page("Authorised organisations", &body))
}

pub(super) async fn export(
    State(s): State<Arc<AppState>>,
    v: Viewer,
    Path(format): Path<String>,
) -> Result<Response> {
    v.require(READERS).await?;
    let rows = s.admin.authorised().await?;
    let (ctype, body) = authorised_export(&rows, &format)
        .ok_or_else(|| ConsoleError::NotFound("export format must be csv or json".into()))?;
    let disposition = format!("attachment; filename=\"authorised.{format}\"");
    Ok((
        [
            (header::CONTENT_TYPE, ctype.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

fn dispose_form(v: &Viewer, path: &str) -> String {
    format!(
        "<form method=\"post\" action=\"{path}\" class=\"box\">{}{}\
         <label>Disposition <select name=\"disposition\"><option value=\"clear\">clear (false positive)</option>\
         <option value=\"confirm\">confirm (denied party)</option></select></label>\
         <button type=\"submit\">Decide</button></form>",
        v.csrf_field(),
        input("reason", "Reason", true),
    )
}

pub(super) async fn screening_page(State(s): State<Arc<AppState>>, v: Viewer) -> Result<Response> {
    v.require(REGULATOR).await?;
    let mut org_rows = Vec::new();
    for o in s.store.list_orgs().await? {
        if o.screening != Screening::Quarantined {
            continue;
        }
        let events = s.store.org_events(o.id).await?;
        let hit = events
            .iter()
            .rev()
            .find(|e| e.action == "screening-hit")
            .map(|e| e.reason.clone())
            .unwrap_or_default();
        org_rows.push(vec![
            format!(
                "<a href=\"/console/orgs/{}\">{}</a>",
                seg(&o.name),
                esc(&o.name)
            ),
            esc(&o.country),
            esc(&hit),
            dispose_form(&v, &format!("/console/screening/orgs/{}", seg(&o.name))),
        ]);
    }
    let mut user_rows = Vec::new();
    for u in s.store.list_users(None).await? {
        if u.screening != Screening::Quarantined {
            continue;
        }
        let org = s.store.org_by_id(u.org_id).await?.map(|o| o.name);
        user_rows.push(vec![
            esc(&u.email),
            esc(u.name.as_deref().unwrap_or("")),
            esc(org.as_deref().unwrap_or("")),
            dispose_form(&v, &format!("/console/screening/users/{}", seg(&u.email))),
        ]);
    }
    let listed = s.store.denied_parties().await?.len();
    let mut body = format!(
        "<p>{listed} entries on the current denied-party list. Quarantined parties have no \
         access until decided.</p><h2>Organisations</h2>"
    );
    body.push_str(&table(
        "org-hits",
        &["Organisation", "Country", "Hit", "Decision"],
        &org_rows,
    ));
    body.push_str("<h2>People</h2>");
    body.push_str(&table(
        "user-hits",
        &["E-mail", "Name", "Organisation", "Decision"],
        &user_rows,
    ));
    Ok(v.page("Screening hits", &body))
}

#[derive(Deserialize)]
pub(super) struct DisposeForm {
    #[serde(default)]
    csrf: String,
    disposition: String,
    reason: String,
}

fn parse_disposition(f: &DisposeForm) -> Result<Disposition> {
    Disposition::parse(&f.disposition)
        .ok_or_else(|| ConsoleError::BadRequest("disposition must be clear or confirm".into()))
}

pub(super) async fn dispose_org(
    State(s): State<Arc<AppState>>,
    v: Viewer,
    Path(name): Path<String>,
    Form(f): Form<DisposeForm>,
) -> Result<Response> {
    v.require(REGULATOR).await?;
    v.check_csrf(&f.csrf).await?;
    let d = parse_disposition(&f)?;
    let o = s.admin.dispose(&name, d, &f.reason, v.actor()).await?;
    Ok(v.done(
        &s,
        "/console/screening",
        format!("{}: screening {}.", o.name, o.screening.as_str()),
    )
    .await)
}

pub(super) async fn dispose_user(
    State(s): State<Arc<AppState>>,
    v: Viewer,
    Path(email): Path<String>,
    Form(f): Form<DisposeForm>,
) -> Result<Response> {
    v.require(REGULATOR).await?;
    v.check_csrf(&f.csrf).await?;
    let d = parse_disposition(&f)?;
    let u = s
        .admin
        .dispose_user(&email, d, &f.reason, v.actor())
        .await?;
    Ok(v.done(
        &s,
        "/console/screening",
        format!("{}: screening {}.", u.email, u.screening.as_str()),
    )
    .await)
}

/// A one-line account of an audit entry's JSON.
fn summary(json: &str) -> (String, String) {
    let Ok(v) = serde_json::from_str::<Value>(json) else {
        return (String::new(), String::new());
    };
    let f = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    // The Merkle log's canonical entries: ts, kind, actor, action, subject, outcome, attrs.
    if let Some(ts) = v.get("ts").and_then(Value::as_i64) {
        let reason = v
            .pointer("/attrs/reason")
            .and_then(Value::as_str)
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        let what = format!(
            "{}: {} {} {} → {}{reason}",
            f("kind"),
            f("actor"),
            f("action"),
            f("subject"),
            f("outcome")
        );
        return (crate::rfc3339(ts), what);
    }
    let at = v
        .get("at")
        .and_then(Value::as_i64)
        .map(crate::rfc3339)
        .unwrap_or_default();
    let what = match f("kind").as_str() {
        "admin" => format!(
            "{} {} {} ({})",
            f("actor"),
            f("action"),
            f("target"),
            f("reason")
        ),
        "decision" => format!(
            "{} user {} model {}",
            if v.get("allowed").and_then(Value::as_bool) == Some(true) {
                "allow"
            } else {
                "deny"
            },
            v.get("user_id").and_then(Value::as_i64).unwrap_or(-1),
            f("model")
        ),
        "auth-failure" => format!("authentication failed: {}", f("reason")),
        k => k.to_string(),
    };
    (at, what)
}

#[derive(Deserialize)]
pub(super) struct AuditQuery {
    #[serde(default)]
    start: Option<u64>,
}

fn not_readable(e: &AuditError) -> String {
    format!(
        "<p class=\"unsupported\" id=\"audit-unreadable\">The audit log cannot be read here: {}.</p>",
        esc(&e.to_string())
    )
}

pub(super) async fn audit_page(
    State(s): State<Arc<AppState>>,
    v: Viewer,
    Query(q): Query<AuditQuery>,
) -> Result<Response> {
    v.require(READERS).await?;
    let size = match s.audit.size().await {
        Ok(n) => n,
        Err(e @ AuditError::Unsupported(_)) => return Ok(v.page("Audit log", &not_readable(&e))),
        Err(e) => return Err(e.into()),
    };
    // By default the newest page (the tail of the log).
    let start = q
        .start
        .unwrap_or(size.saturating_sub(PAGE))
        .min(size.saturating_sub(1));
    let entries = s
        .audit
        .entries(start, usize::try_from(PAGE).unwrap_or(25))
        .await?;
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let (at, what) = summary(&e.json);
            vec![
                e.index.to_string(),
                esc(&at),
                esc(&what),
                format!(
                    "<details><summary>entry</summary><pre>{}</pre></details>",
                    esc(&e.json)
                ),
                format!(
                    "<a href=\"/console/audit/{0}\" class=\"proof-link\" id=\"proof-{0}\">check proof</a>",
                    e.index
                ),
            ]
        })
        .collect();
    let mut pager = String::from("<p class=\"pager\">");
    if start > 0 {
        let _ = write!(
            pager,
            "<a href=\"/console/audit?start=0\">oldest</a><a href=\"/console/audit?start={}\" id=\"older\">older</a>",
            start.saturating_sub(PAGE)
        );
    }
    if start + PAGE < size {
        let _ = write!(
            pager,
            "<a href=\"/console/audit?start={}\" id=\"newer\">newer</a><a href=\"/console/audit\">newest</a>",
            start + PAGE
        );
    }
    pager.push_str("</p>");
    let body = format!(
        "<p>{size} entries; showing {} to {}.</p>{pager}{}{pager}",
        start,
        start + entries.len() as u64,
        table("audit", &["#", "When", "What", "Entry", "Proof"], &rows)
    );
    Ok(v.page("Audit log", &body))
}

/// The result of an inclusion check, in full.
fn render_check(c: &InclusionCheck) -> String {
    let (status, label) = if c.verified {
        (
            "verified",
            "Verified: the entry is included in the signed tree.",
        )
    } else {
        ("failed", "NOT verified: the proof does not check out.")
    };
    let path: String = c
        .proof
        .iter()
        .map(|h| format!("<li><code>{}</code></li>", esc(h)))
        .collect();
    format!(
        "<div id=\"proof-result\" data-status=\"{status}\"><p class=\"{status}\">{label}</p>\
         <p id=\"proof-detail\">{}</p><dl><dt>Entry</dt><dd>{}</dd><dt>Tree size</dt><dd id=\"tree-size\">{}</dd>\
         <dt>Root hash</dt><dd><code id=\"root-hash\">{}</code></dd><dt>Audit path ({} hashes, leaf to root)</dt>\
         <dd><ol id=\"proof-path\">{path}</ol></dd></dl></div>",
        esc(&c.detail),
        c.index,
        c.tree_size,
        esc(&c.root_hash),
        c.proof.len(),
    )
}

pub(super) async fn proof_page(
    State(s): State<Arc<AppState>>,
    v: Viewer,
    Path(index): Path<u64>,
) -> Result<Response> {
    v.require(READERS).await?;
    let entry = match s.audit.entries(index, 1).await {
        Ok(mut e) => match e.pop() {
            Some(e) if e.index == index => format!(
                "<h2>Entry</h2><pre id=\"entry-json\">{}</pre>{}",
                esc(&e.json),
                e.leaf_hash
                    .map(|h| format!("<p>Leaf hash <code>{}</code></p>", esc(&h)))
                    .unwrap_or_default()
            ),
            _ => return Err(ConsoleError::NotFound(format!("no audit entry {index}"))),
        },
        Err(e @ AuditError::Unsupported(_)) => not_readable(&e),
        Err(e) => return Err(e.into()),
    };
    let check = match s.audit.check_inclusion(index).await {
        Ok(c) => render_check(&c),
        Err(AuditError::Unsupported(what)) => format!(
            "<div id=\"proof-result\" data-status=\"unsupported\"><p class=\"unsupported\">\
             This log is not tamper-evident: the gateway's audit sink offers no {}, so entry \
             {index} cannot be checked against a signed tree head.</p></div>",
            esc(what)
        ),
        Err(e) => format!(
            "<div id=\"proof-result\" data-status=\"error\"><p class=\"failed\">The proof could \
             not be checked: {}</p></div>",
            esc(&e.to_string())
        ),
    };
    let body = format!(
        "<h2>Inclusion proof</h2>{check}{entry}<p><a href=\"/console/audit?start={}\">Back to the log</a></p>",
        index - index % PAGE
    );
    Ok(v.page(&format!("Audit entry {index}"), &body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_is_rendered_in_full_and_escaped() {
        let c = InclusionCheck {
            index: 3,
            tree_size: 8,
            root_hash: "ab<cd".into(),
            proof: vec!["h1".into(), "h2".into(), "h3".into()],
            verified: false,
            detail: "root mismatch <x>".into(),
        };
        let html = render_check(&c);
        assert!(html.contains("data-status=\"failed\""));
        assert!(html.contains("NOT verified"));
        assert!(html.contains("root mismatch &lt;x&gt;"));
        assert!(html.contains("<dd id=\"tree-size\">8</dd>"));
        assert!(html.contains("ab&lt;cd"));
        assert_eq!(html.matches("<li><code>").count(), 3);
        let ok = render_check(&InclusionCheck {
            verified: true,
            ..c
        });
        assert!(ok.contains("data-status=\"verified\""));
    }

    #[test]
    fn entries_are_summarised() {
        let (at, what) = summary(
            r#"{"kind":"admin","at":0,"actor":"r@x","action":"org.approve","target":"Acme","reason":"ok"}"#,
        );
        assert_eq!(at, "1970-01-01T00:00:00Z");
        assert_eq!(what, "r@x org.approve Acme (ok)");
        let (_, what) =
            summary(r#"{"kind":"decision","at":1,"allowed":false,"user_id":4,"model":"m"}"#);
        assert_eq!(what, "deny user 4 model m");
        assert_eq!(summary("not json"), (String::new(), String::new()));
    }
}
