//! Auditing refusals after authentication: a role, scope or CSRF refusal of a caller who did
//! authenticate.
//!
//! [`AppState::audit_refusal`] is the one helper for "this authenticated caller was refused":
//! it records who, the route, the status and why. Any handler may use it (the console does); if
//! the append fails the handler fails the request (503), as every other audited path does.

use axum::http::StatusCode;

use crate::audit::{AuditError, AuditEvent, RefusalRecord};
use crate::now;
use crate::server::{AppState, Authed};

impl AppState {
    /// Appends the refusal of an authenticated caller's request: who, the route, the HTTP
    /// status and the reason. (The route is not known here: callers put it in the reason.)
    pub(crate) async fn audit_refusal(
        &self,
        a: &Authed,
        request_id: Option<&str>,
        status: StatusCode,
        reason: &str,
    ) -> Result<(), AuditError> {
        let ev = AuditEvent::Refusal(RefusalRecord {
            at: now(),
            request_id: request_id.map(str::to_string),
            user_id: a.rec.user.id,
            org_id: a.rec.org.id,
            email: a.rec.user.email.clone(),
            role: a.rec.user.role.as_str().to_string(),
            key_id: a.key_id.clone(),
            route: "unknown".into(),
            status: status.as_u16(),
            reason: reason.to_string(),
        });
        self.audit.append(&ev).await.map(|_| ()).inspect_err(|e| {
            tracing::error!(error = %e, "audit append failed; refusing the request");
        })
    }
}
