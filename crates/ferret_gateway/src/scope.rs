//! Who may act on what: the organisation scoping of administrative actions, shared by the JSON
//! admin API and the console so that both refuse exactly the same things. Role gates (which
//! roles may call an operation at all) stay with each caller; these checks narrow an org-admin
//! to its own organisation.

use crate::store::{Org, PrincipalRecord, Role, Store, StoreError};

/// Why an actor may not do something. `Display` is safe to show to the caller.
#[derive(Debug, thiserror::Error)]
pub enum ScopeError {
    /// The actor may not do this at all (HTTP 403).
    #[error("{0}")]
    Forbidden(&'static str),
    /// The target is outside the actor's organisation; reported as absent (HTTP 404) so that
    /// other organisations' records cannot be probed.
    #[error("{0}")]
    NotFound(&'static str),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Whether `actor` may see organisation `org`: operators and regulators see all, an org-admin
/// only its own, a plain user none.
pub fn may_see_org(actor: &PrincipalRecord, org: &Org) -> bool {
    match actor.user.role {
        Role::Admin | Role::Regulator => true,
        Role::OrgAdmin => org.id == actor.org.id,
        Role::User => false,
    }
}

/// Checks that `actor` may register a user with `role` in the organisation named `org`.
pub fn check_new_user(actor: &PrincipalRecord, org: &str, role: Role) -> Result<(), ScopeError> {
    if actor.user.role != Role::OrgAdmin {
        return Ok(());
    }
    if org != actor.org.name {
        return Err(ScopeError::Forbidden(
            "an org-admin manages only its own organisation",
        ));
    }
    if !matches!(role, Role::User | Role::OrgAdmin) {
        return Err(ScopeError::Forbidden("an org-admin cannot grant this role"));
    }
    Ok(())
}

/// Checks that `actor` may create keys for the user with this e-mail.
pub async fn check_key_owner(
    store: &dyn Store,
    actor: &PrincipalRecord,
    email: &str,
) -> Result<(), ScopeError> {
    if actor.user.role != Role::OrgAdmin {
        return Ok(());
    }
    match store
        .user_by_email(&email.trim().to_ascii_lowercase())
        .await?
    {
        Some(u) if u.org_id == actor.org.id => Ok(()),
        _ => Err(ScopeError::NotFound("no such user in your organisation")),
    }
}

/// Checks that `actor` may revoke the key `key_id` (an org-admin: only its own organisation's).
pub async fn check_key_revoke(
    store: &dyn Store,
    actor: &PrincipalRecord,
    key_id: &str,
) -> Result<(), ScopeError> {
    match store.principal_by_key(key_id).await? {
        Some((_, p)) if actor.user.role == Role::Admin || p.org.id == actor.org.id => Ok(()),
        _ => Err(ScopeError::NotFound("no such key")),
    }
}
