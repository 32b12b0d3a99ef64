//! Auditing refusals after authentication (a role or scope refusal, a proxied request refused
//! before its decision) and failed authentications.
//!
//! [`AppState::audit_refusal`] is the one helper for "this authenticated caller was refused":
//! it records who, which route (from the request context that the router's middleware sets),
//! the status and why. Any handler may use it (the console included); if the append fails the
//! handler should fail the request (503), as every other audited path does.
//!
//! [`AppState::audit_auth_failure`] applies the failed-authentication limiter
//! ([`crate::limits::AuthLimiter`]): an entry of its own for the first failures, a count in the
//! periodic summary for the rest, and 429 for a source over its limit.

use std::sync::atomic::Ordering;
use std::time::Instant;

use axum::http::StatusCode;
use axum::response::Response;

use crate::audit::{
    AuditError, AuditEvent, AuthFailureRecord, AuthFailureSummaryRecord, RefusalRecord,
};
use crate::config::ApiKind;
use crate::limits::{FailureVerdict, current_request, source_key};
use crate::now;
use crate::server::{AppState, Authed, ErrKind, api_error};

/// What became of a failed authentication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthFailureOutcome {
    /// Answer 401.
    Unauthorized,
    /// Answer 429, retry after this many seconds.
    Limited(u64),
}

impl AppState {
    /// Appends the refusal of an authenticated caller's request: who, the route, the HTTP
    /// status and the reason.
    pub(crate) async fn audit_refusal(
        &self,
        a: &Authed,
        request_id: Option<&str>,
        status: StatusCode,
        reason: &str,
    ) -> Result<(), AuditError> {
        let route = current_request()
            .map(|c| format!("{} {}", c.method, c.path))
            .unwrap_or_else(|| "unknown".into());
        let ev = AuditEvent::Refusal(RefusalRecord {
            at: now(),
            request_id: request_id.map(str::to_string),
            user_id: a.rec.user.id,
            org_id: a.rec.org.id,
            email: a.rec.user.email.clone(),
            role: a.rec.user.role.as_str().to_string(),
            key_id: a.key_id.clone(),
            route,
            status: status.as_u16(),
            reason: reason.to_string(),
        });
        self.audit.append(&ev).await.map(|_| ()).inspect_err(|e| {
            self.metrics.audit_failures.fetch_add(1, Ordering::Relaxed);
            tracing::error!(error = %e, "audit append failed; refusing the request");
        })
    }

    /// The 503 of a request whose audit entry could not be appended.
    pub(crate) fn audit_unavailable(&self, api: ApiKind) -> Response {
        api_error(
            api,
            StatusCode::SERVICE_UNAVAILABLE,
            ErrKind::Unavailable,
            "audit_unavailable",
            "the audit log is unavailable; the request was not processed",
        )
    }

    /// Records a failed authentication through the limiter: an entry of its own while the
    /// source is within its burst (and the global budget of such entries lasts), otherwise a
    /// count for the next summary; the summaries of an ended interval are appended first.
    pub(crate) async fn audit_auth_failure(
        &self,
        rid: &str,
        key_id: Option<String>,
        reason: &str,
    ) -> Result<AuthFailureOutcome, AuditError> {
        let source = source_key(current_request().and_then(|c| c.peer).map(|p| p.ip()));
        let verdict = self.auth_limiter.on_failure(&source, Instant::now());
        self.flush_auth_summaries().await?;
        match verdict {
            FailureVerdict::Audit => {
                let ev = AuditEvent::AuthFailure(AuthFailureRecord {
                    at: now(),
                    request_id: rid.to_string(),
                    key_id,
                    reason: reason.to_string(),
                    source: Some(source),
                });
                self.audit.append(&ev).await?;
                Ok(AuthFailureOutcome::Unauthorized)
            }
            FailureVerdict::Count => Ok(AuthFailureOutcome::Unauthorized),
            FailureVerdict::Limited(secs) => {
                self.metrics.auth_limited.fetch_add(1, Ordering::Relaxed);
                Ok(AuthFailureOutcome::Limited(secs))
            }
        }
    }

    /// Appends the summary entries of the failed-authentication interval, if it has ended.
    pub(crate) async fn flush_auth_summaries(&self) -> Result<(), AuditError> {
        self.flush_summaries(false).await
    }

    /// Ends the failed-authentication interval now and appends its summary entries.
    pub(crate) async fn flush_auth_summaries_now(&self) -> Result<(), AuditError> {
        self.flush_summaries(true).await
    }

    async fn flush_summaries(&self, force: bool) -> Result<(), AuditError> {
        let Some((rows, len)) = self.auth_limiter.take_summary(Instant::now(), force) else {
            return Ok(());
        };
        for r in rows {
            let ev = AuditEvent::AuthFailureSummary(AuthFailureSummaryRecord {
                at: now(),
                source: r.source,
                failures: r.failures,
                limited: r.limited,
                interval_secs: len.as_secs(),
            });
            self.audit.append(&ev).await?;
        }
        Ok(())
    }
}
