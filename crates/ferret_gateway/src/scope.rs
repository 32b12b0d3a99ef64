//! Who may act on what: the organisation scoping of administrative actions, shared by the JSON
//! admin API and the console so that both refuse exactly the same things. Role gates (which
//! roles may call an operation at all) stay with each caller; these checks narrow each role to
//! the users it may manage.
//!
//! One rule decides every action on a user (registering them, minting a key for them, revoking
//! one of their keys): the actor may act only on users whose role it may grant
//! ([`manageable_roles`]), and an org-admin or a regulator only within its own organisation.
//!
//! | actor     | may act on users with role     | in                        |
//! |-----------|--------------------------------|---------------------------|
//! | org-admin | user, org-admin                | its own organisation      |
//! | admin     | user, org-admin, admin         | any organisation          |
//! | regulator | regulator                      | its own organisation      |
//! | user      | nobody                         |                           |
//!
//! Separation of duties: an operator (admin) can neither create a regulator nor mint or revoke a
//! regulator's key, so it cannot make itself the regulator. Regulator accounts are created by a
//! regulator, or with the command line on the data directory.

use crate::store::{Org, PrincipalRecord, Role, Store, StoreError, User};

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

/// The roles of the users `actor` may manage: grant to a new user, mint keys for, revoke keys
/// of. See the module documentation for the table.
pub fn manageable_roles(actor: &PrincipalRecord) -> &'static [Role] {
    match actor.user.role {
        Role::OrgAdmin => &[Role::User, Role::OrgAdmin],
        Role::Admin => &[Role::User, Role::OrgAdmin, Role::Admin],
        Role::Regulator => &[Role::Regulator],
        Role::User => &[],
    }
}

/// Whether `actor` manages users of organisation `org_id` at all (an admin every organisation;
/// an org-admin and a regulator only their own).
fn manages_org(actor: &PrincipalRecord, org_id: i64) -> bool {
    match actor.user.role {
        Role::Admin => true,
        Role::OrgAdmin | Role::Regulator => org_id == actor.org.id,
        Role::User => false,
    }
}

/// The roles `actor` may grant to a new user of `org` (empty: it may add nobody there). The
/// console offers exactly these.
pub fn grantable_roles(actor: &PrincipalRecord, org: &Org) -> &'static [Role] {
    if manages_org(actor, org.id) {
        manageable_roles(actor)
    } else {
        &[]
    }
}

/// Whether `actor` may act on `target` (a user of record): mint or revoke its keys.
pub fn may_manage(actor: &PrincipalRecord, target: &User) -> bool {
    manages_org(actor, target.org_id) && manageable_roles(actor).contains(&target.role)
}

/// The refusal for a target the actor may not act on: absent (404) for an org-admin if it lies
/// in another organisation, so that other organisations cannot be probed; otherwise 403 (the
/// actor can see the user, only not act on it).
fn refusal(actor: &PrincipalRecord, target: &User, absent: &'static str) -> ScopeError {
    match actor.user.role {
        Role::OrgAdmin if target.org_id != actor.org.id => ScopeError::NotFound(absent),
        Role::OrgAdmin => {
            ScopeError::Forbidden("an org-admin acts only on users with role user or org-admin")
        }
        Role::Admin => ScopeError::Forbidden(
            "only a regulator (or the command line) acts on regulator accounts",
        ),
        Role::Regulator => ScopeError::Forbidden(
            "a regulator acts only on the regulator accounts of its own organisation",
        ),
        Role::User => ScopeError::Forbidden("your role may not act on users"),
    }
}

/// Checks that `actor` may register a user with `role` in the organisation named `org`.
pub fn check_new_user(actor: &PrincipalRecord, org: &str, role: Role) -> Result<(), ScopeError> {
    match actor.user.role {
        Role::User => Err(ScopeError::Forbidden("your role may not register users")),
        Role::OrgAdmin if org != actor.org.name => Err(ScopeError::Forbidden(
            "an org-admin manages only its own organisation",
        )),
        Role::Regulator if org != actor.org.name => Err(ScopeError::Forbidden(
            "a regulator registers regulators only in its own organisation",
        )),
        _ if manageable_roles(actor).contains(&role) => Ok(()),
        Role::Admin if role == Role::Regulator => Err(ScopeError::Forbidden(
            "only a regulator (or the command line) creates regulator accounts",
        )),
        Role::Regulator => Err(ScopeError::Forbidden(
            "a regulator may grant only the regulator role",
        )),
        _ => Err(ScopeError::Forbidden("an org-admin cannot grant this role")),
    }
}

/// Checks that `actor` may create keys for the user with this e-mail.
pub async fn check_key_owner(
    store: &dyn Store,
    actor: &PrincipalRecord,
    email: &str,
) -> Result<(), ScopeError> {
    const ABSENT: &str = "no such user in your organisation";
    match store
        .user_by_email(&email.trim().to_ascii_lowercase())
        .await?
    {
        Some(u) if may_manage(actor, &u) => Ok(()),
        Some(u) => Err(refusal(actor, &u, ABSENT)),
        // An operator or a regulator sees every organisation: the operation itself reports the
        // missing user.
        None if matches!(actor.user.role, Role::Admin | Role::Regulator) => Ok(()),
        None => Err(ScopeError::NotFound(ABSENT)),
    }
}

/// Checks that `actor` may revoke the key `key_id`: the same rule as for creating it.
pub async fn check_key_revoke(
    store: &dyn Store,
    actor: &PrincipalRecord,
    key_id: &str,
) -> Result<(), ScopeError> {
    const ABSENT: &str = "no such key";
    match store.principal_by_key(key_id).await? {
        Some((_, p)) if may_manage(actor, &p.user) => Ok(()),
        Some((_, p)) => Err(refusal(actor, &p.user, ABSENT)),
        None => Err(ScopeError::NotFound(ABSENT)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{OrgStatus, Screening};

    fn org(id: i64, name: &str) -> Org {
        Org {
            id,
            name: name.into(),
            country: "US".into(),
            status: OrgStatus::Approved,
            screening: Screening::Clear,
            basis: None,
            approved_by: None,
            approved_at: None,
            created_at: 0,
        }
    }

    fn who(org_id: i64, role: Role) -> PrincipalRecord {
        PrincipalRecord {
            user: User {
                id: 1,
                email: "a@x.test".into(),
                name: None,
                org_id,
                nationality: "US".into(),
                location: "US".into(),
                role,
                screening: Screening::Clear,
                attested_by: None,
                created_at: 0,
            },
            org: org(org_id, if org_id == 1 { "One" } else { "Two" }),
        }
    }

    #[test]
    fn one_rule_for_grants_and_keys() {
        let oa = who(1, Role::OrgAdmin);
        for (target, ok) in [
            (Role::User, true),
            (Role::OrgAdmin, true),
            (Role::Admin, false),
            (Role::Regulator, false),
        ] {
            assert_eq!(may_manage(&oa, &who(1, target).user), ok, "{target:?}");
            assert!(!may_manage(&oa, &who(2, target).user), "other org");
            assert_eq!(check_new_user(&oa, "One", target).is_ok(), ok);
            assert!(check_new_user(&oa, "Two", target).is_err());
        }
        let admin = who(1, Role::Admin);
        assert!(may_manage(&admin, &who(2, Role::Admin).user));
        assert!(!may_manage(&admin, &who(1, Role::Regulator).user));
        assert!(check_new_user(&admin, "Two", Role::Regulator).is_err());
        assert!(check_new_user(&admin, "Two", Role::Admin).is_ok());
        let reg = who(1, Role::Regulator);
        assert!(check_new_user(&reg, "One", Role::Regulator).is_ok());
        assert!(check_new_user(&reg, "One", Role::Admin).is_err());
        assert!(check_new_user(&reg, "Two", Role::Regulator).is_err());
        assert!(may_manage(&reg, &who(1, Role::Regulator).user));
        assert!(!may_manage(&reg, &who(1, Role::User).user));
        assert!(!may_manage(&reg, &who(2, Role::Regulator).user));
        let user = who(1, Role::User);
        assert!(check_new_user(&user, "One", Role::User).is_err());
        assert!(!may_manage(&user, &who(1, Role::User).user));
        assert_eq!(grantable_roles(&oa, &org(2, "Two")), &[] as &[Role]);
        assert_eq!(grantable_roles(&admin, &org(2, "Two")).len(), 3);
        // Within its own organisation an org-admin is told why (403); elsewhere the user is
        // absent (404). Operators and regulators see every organisation: 403.
        assert!(matches!(
            refusal(&oa, &who(1, Role::Admin).user, "x"),
            ScopeError::Forbidden(_)
        ));
        assert!(matches!(
            refusal(&oa, &who(2, Role::User).user, "x"),
            ScopeError::NotFound(_)
        ));
        assert!(matches!(
            refusal(&reg, &who(2, Role::User).user, "x"),
            ScopeError::Forbidden(_)
        ));
    }
}
