//! Administrative operations shared by the HTTP admin/regulator API and the command line:
//! organisations and their vetting workflow, users, keys, screening imports and exports.
//! Every operation validates its input, then makes its store changes and appends its audit
//! events as one unit of work: the changes are committed only once the events are appended.

use std::sync::Arc;

use serde::Serialize;

use crate::audit::{AdminRecord, AuditError, AuditEvent, AuditSink, ScreeningHitRecord};
use crate::countries::normalise_country;
use crate::identity::{IdentityError, KeyHasher};
use crate::quota::{QuotaRule, Scope};
use crate::screening::{Hit, Screener, ScreeningError, is_invisible_format, parse_csl};
use crate::store::{
    ApiKey, CountryTier, NewUser, Org, OrgStatus, Role, Screening, Store, StoreError, StoreTx,
    StoredQuota, User, UserEvent, VettingEvent,
};

/// Errors of administrative operations. `Display` is safe to show to the caller.
#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    /// Store failure, conflict or missing record.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Input failed validation.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// Field.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// A vetting transition that the workflow does not allow.
    #[error("cannot {action} an organisation in status {from}")]
    Transition {
        /// Attempted action.
        action: &'static str,
        /// Current status.
        from: &'static str,
    },
    /// The audit append failed; the operation's store changes were rolled back.
    #[error(transparent)]
    Audit(#[from] AuditError),
    /// Key generation failed.
    #[error(transparent)]
    Identity(#[from] IdentityError),
    /// The screening list is malformed.
    #[error(transparent)]
    Screening(#[from] ScreeningError),
}

impl OpsError {
    /// Whether the error is the caller's fault (4xx) rather than the server's.
    pub fn is_client_error(&self) -> bool {
        match self {
            OpsError::Store(e) => !matches!(
                e,
                StoreError::Db(_) | StoreError::Migration { .. } | StoreError::TooNew { .. }
            ),
            OpsError::Audit(_) | OpsError::Identity(_) => false,
            _ => true,
        }
    }
}

/// A vetting decision by the regulator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vetting {
    /// Approve an application (or re-approve after a revocation).
    Approve,
    /// Deny an application.
    Deny,
    /// Revoke an approval.
    Revoke,
}

impl Vetting {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Vetting::Approve => "approve",
            Vetting::Deny => "deny",
            Vetting::Revoke => "revoke",
        }
    }

    /// Parses the lower-case name.
    pub fn parse(s: &str) -> Option<Vetting> {
        [Vetting::Approve, Vetting::Deny, Vetting::Revoke]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// The regulator's disposition of a screening hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// False positive: clear the quarantine.
    Clear,
    /// True hit: the organisation is a denied party.
    Confirm,
}

impl Disposition {
    /// Parses `clear` or `confirm`.
    pub fn parse(s: &str) -> Option<Disposition> {
        match s {
            "clear" => Some(Disposition::Clear),
            "confirm" => Some(Disposition::Confirm),
            _ => None,
        }
    }
}

/// One row of the authorised-organisation export.
#[derive(Debug, Clone, Serialize)]
pub struct AuthorisedOrg {
    /// Legal name.
    pub name: String,
    /// Country.
    pub country: String,
    /// Who approved it.
    pub approved_by: String,
    /// When (RFC 3339).
    pub approved_at: String,
    /// Authorisation basis.
    pub basis: String,
}

/// Result of a screening import.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    /// New list version.
    pub version: i64,
    /// Entries imported.
    pub entries: usize,
    /// Organisations newly quarantined, with their hit.
    pub quarantined_orgs: Vec<(String, Hit)>,
    /// Users newly quarantined, with their hit.
    pub quarantined_users: Vec<(String, Hit)>,
}

/// A created key: the full key is shown once.
#[derive(Debug, Clone, Serialize)]
pub struct CreatedKey {
    /// The key to give the user; not stored anywhere.
    pub key: String,
    /// Its public id.
    pub key_id: String,
    /// The owner.
    pub email: String,
    /// Expiry (RFC 3339).
    pub expires_at: String,
}

/// The administrative context.
#[derive(Debug, Clone)]
pub struct Admin {
    /// The store.
    pub store: Arc<dyn Store>,
    /// The audit sink.
    pub audit: Arc<dyn AuditSink>,
    /// Key hasher with the server secret.
    pub hasher: KeyHasher,
    /// Longest key lifetime, in days.
    pub key_max_days: u32,
}

fn check_text(field: &'static str, v: &str, max: usize) -> Result<String, OpsError> {
    let t = v.trim();
    if t.is_empty() {
        return Err(OpsError::Invalid {
            field,
            reason: "must not be empty".into(),
        });
    }
    if t.chars().count() > max {
        return Err(OpsError::Invalid {
            field,
            reason: format!("longer than {max} characters"),
        });
    }
    if t.chars().any(char::is_control) {
        return Err(OpsError::Invalid {
            field,
            reason: "contains control characters".into(),
        });
    }
    // Invisible characters (zero-width spaces and joiners, bidirectional overrides, soft
    // hyphens, line separators) make a name look like another one, or reorder it on screen
    // and in exports, while it reads differently to the screening.
    if t.chars().any(is_invisible_format) {
        return Err(OpsError::Invalid {
            field,
            reason: "contains invisible formatting characters (zero-width, bidirectional \
                     override or line separator); type the text without them"
                .into(),
        });
    }
    Ok(t.to_string())
}

fn check_country(field: &'static str, v: &str) -> Result<String, OpsError> {
    normalise_country(v).ok_or_else(|| OpsError::Invalid {
        field,
        reason: format!("{v:?} is not an ISO 3166-1 alpha-2 code"),
    })
}

fn check_email(v: &str) -> Result<String, OpsError> {
    let e = check_text("email", v, 254)?;
    let ok = e.split_once('@').is_some_and(|(l, d)| {
        !l.is_empty() && !d.is_empty() && !d.contains('@') && d.contains('.')
    }) && !e.chars().any(char::is_whitespace);
    if !ok {
        return Err(OpsError::Invalid {
            field: "email",
            reason: format!("{e:?} is not an e-mail address"),
        });
    }
    Ok(e.to_ascii_lowercase())
}

fn not_found(kind: &'static str, name: &str) -> OpsError {
    OpsError::Store(StoreError::NotFound {
        kind,
        name: name.to_string(),
    })
}

/// The vetting-event reason of a screening hit; [`Admin::cleared_before`] finds the listed name
/// in it again.
fn hit_reason(hit: &Hit) -> String {
    format!(
        "screening hit: {:?} on {} (score {:.2})",
        hit.listed_name, hit.source, hit.score
    )
}

/// Whether the regulator cleared this very hit (same listed name) after the last screening hit
/// recorded in `events` (oldest first, as `(action, reason)`), so that a false positive is not
/// quarantined again on every list import.
fn cleared_in<'e>(events: impl DoubleEndedIterator<Item = (&'e str, &'e str)>, hit: &Hit) -> bool {
    let listed = format!("{:?}", hit.listed_name);
    let mut cleared = false;
    for (action, reason) in events.rev() {
        match action {
            "screening-clear" => cleared = true,
            "screening-hit" => return cleared && reason.contains(&listed),
            _ => {}
        }
    }
    false
}

// Every operation below is one unit of work: it validates, opens a store transaction, makes
// its changes through it, appends its audit entries, and commits only once every append has
// succeeded. If an append fails the transaction is dropped, which rolls the changes back: no
// change is ever kept without its audit entry. (The converse can happen: if a second append or
// the commit itself fails, the log holds an entry for a change that was rolled back. The log
// may over-report an attempt; it never under-reports a change.) While a transaction is open the
// operation reads only through it.
impl Admin {
    /// Appends `event` for a change made in `tx`: inside `tx` when both the store and the log
    /// are in PostgreSQL (the change and its entry commit together), else through the sink.
    async fn append(&self, tx: &mut dyn StoreTx, event: AuditEvent) -> Result<(), OpsError> {
        if self.audit.in_postgres()
            && let Some(conn) = tx.postgres()
        {
            crate::audit_pg::append_in(conn, &[event.to_entry()]).await?;
            return Ok(());
        }
        self.audit.append(&event).await?;
        Ok(())
    }

    async fn audit(
        &self,
        tx: &mut dyn StoreTx,
        actor: &str,
        action: &str,
        target: &str,
        reason: &str,
    ) -> Result<(), OpsError> {
        let event = AuditEvent::Admin(AdminRecord {
            at: crate::now(),
            actor: actor.to_string(),
            action: action.to_string(),
            target: target.to_string(),
            reason: reason.to_string(),
        });
        self.append(tx, event).await
    }

    async fn audit_hit(
        &self,
        tx: &mut dyn StoreTx,
        actor: &str,
        subject_kind: &str,
        subject: &str,
        hit: &Hit,
    ) -> Result<(), OpsError> {
        let event = AuditEvent::ScreeningHit(ScreeningHitRecord {
            at: crate::now(),
            actor: actor.to_string(),
            subject_kind: subject_kind.to_string(),
            subject: subject.to_string(),
            listed_name: hit.listed_name.clone(),
            source: hit.source.clone(),
            score_milli: (hit.score.clamp(0.0, 1.0) * 1000.0).round() as u32,
        });
        self.append(tx, event).await
    }

    async fn screener(&self) -> Result<Screener, OpsError> {
        Ok(Screener::new(self.store.denied_parties().await?))
    }

    /// Looks an organisation up, or fails with not-found.
    pub async fn org(&self, name: &str) -> Result<Org, OpsError> {
        self.store
            .org_by_name(name)
            .await?
            .ok_or_else(|| not_found("organisation", name))
    }

    /// Creates an organisation (status `applied`) and screens it.
    pub async fn create_org(
        &self,
        name: &str,
        country: &str,
        actor: &str,
    ) -> Result<Org, OpsError> {
        let name = check_text("name", name, 200)?;
        let country = check_country("country", country)?;
        let screener = self.screener().await?;
        let mut tx = self.store.begin().await?;
        let mut org = tx.create_org(&name, &country, actor, crate::now()).await?;
        self.audit(tx.as_mut(), actor, "org.create", &name, "application")
            .await?;
        if let Some(hit) = screener.screen(&name) {
            org = self.quarantine_org(tx.as_mut(), &org, &hit, actor).await?;
        }
        tx.commit().await?;
        Ok(org)
    }

    async fn quarantine_org(
        &self,
        tx: &mut dyn StoreTx,
        org: &Org,
        hit: &Hit,
        actor: &str,
    ) -> Result<Org, OpsError> {
        let ev = VettingEvent {
            org_id: org.id,
            action: "screening-hit".into(),
            from_status: org.screening.as_str().into(),
            to_status: Screening::Quarantined.as_str().into(),
            reason: hit_reason(hit),
            actor: actor.to_string(),
            at: crate::now(),
        };
        let org = tx
            .set_org_screening(org.id, Screening::Quarantined, &ev)
            .await?;
        self.audit_hit(&mut *tx, actor, "org", &org.name, hit)
            .await?;
        Ok(org)
    }

    async fn quarantine_user(
        &self,
        tx: &mut dyn StoreTx,
        user: &User,
        hit: &Hit,
        actor: &str,
    ) -> Result<User, OpsError> {
        let ev = UserEvent {
            user_id: user.id,
            action: "screening-hit".into(),
            from_status: user.screening.as_str().into(),
            to_status: Screening::Quarantined.as_str().into(),
            reason: hit_reason(hit),
            actor: actor.to_string(),
            at: crate::now(),
        };
        let user = tx
            .set_user_screening(user.id, Screening::Quarantined, &ev)
            .await?;
        self.audit_hit(&mut *tx, actor, "user", &user.email, hit)
            .await?;
        Ok(user)
    }

    /// Applies a regulator's vetting decision.
    pub async fn vet(
        &self,
        name: &str,
        action: Vetting,
        reason: &str,
        basis: Option<&str>,
        actor: &str,
    ) -> Result<Org, OpsError> {
        let reason = check_text("reason", reason, 2000)?;
        let basis = basis.map(|b| check_text("basis", b, 500)).transpose()?;
        let mut tx = self.store.begin().await?;
        let org = tx
            .org_by_name(name)
            .await?
            .ok_or_else(|| not_found("organisation", name))?;
        use OrgStatus::*;
        let to = match (action, org.status) {
            (Vetting::Approve, Applied | Denied | Revoked) => Approved,
            (Vetting::Deny, Applied) => Denied,
            (Vetting::Revoke, Approved) => Revoked,
            _ => {
                return Err(OpsError::Transition {
                    action: action.as_str(),
                    from: org.status.as_str(),
                });
            }
        };
        let ev = VettingEvent {
            org_id: org.id,
            action: action.as_str().into(),
            from_status: org.status.as_str().into(),
            to_status: to.as_str().into(),
            reason: reason.clone(),
            actor: actor.to_string(),
            at: crate::now(),
        };
        let basis = basis.or_else(|| (to == Approved).then(|| reason.clone()));
        let org = tx.set_org_status(org.id, to, basis.as_deref(), &ev).await?;
        self.audit(
            tx.as_mut(),
            actor,
            &format!("org.{}", action.as_str()),
            &org.name,
            &reason,
        )
        .await?;
        tx.commit().await?;
        Ok(org)
    }

    /// Whether the regulator already cleared this very hit (same listed name) for this org.
    async fn cleared_before(
        tx: &mut dyn StoreTx,
        org_id: i64,
        hit: &Hit,
    ) -> Result<bool, OpsError> {
        let events = tx.org_events(org_id).await?;
        Ok(cleared_in(
            events
                .iter()
                .map(|e| (e.action.as_str(), e.reason.as_str())),
            hit,
        ))
    }

    /// Whether the regulator already cleared this very hit (same listed name) for this person.
    async fn user_cleared_before(
        tx: &mut dyn StoreTx,
        user_id: i64,
        hit: &Hit,
    ) -> Result<bool, OpsError> {
        let events = tx.user_events(user_id).await?;
        Ok(cleared_in(
            events
                .iter()
                .map(|e| (e.action.as_str(), e.reason.as_str())),
            hit,
        ))
    }

    /// The regulator's disposition of a quarantined user.
    pub async fn dispose_user(
        &self,
        email: &str,
        disposition: Disposition,
        reason: &str,
        actor: &str,
    ) -> Result<User, OpsError> {
        let reason = check_text("reason", reason, 2000)?;
        let email = check_email(email)?;
        let mut tx = self.store.begin().await?;
        let user = tx
            .user_by_email(&email)
            .await?
            .ok_or_else(|| not_found("user", &email))?;
        let (to, action) = match disposition {
            Disposition::Clear => (Screening::Clear, "screening-clear"),
            Disposition::Confirm => (Screening::DeniedParty, "screening-confirm"),
        };
        let ev = UserEvent {
            user_id: user.id,
            action: action.into(),
            from_status: user.screening.as_str().into(),
            to_status: to.as_str().into(),
            reason: reason.clone(),
            actor: actor.to_string(),
            at: crate::now(),
        };
        let user = tx.set_user_screening(user.id, to, &ev).await?;
        self.audit(
            tx.as_mut(),
            actor,
            &format!("user.{action}"),
            &user.email,
            &reason,
        )
        .await?;
        tx.commit().await?;
        Ok(user)
    }

    /// The regulator's disposition of a quarantined organisation.
    pub async fn dispose(
        &self,
        name: &str,
        disposition: Disposition,
        reason: &str,
        actor: &str,
    ) -> Result<Org, OpsError> {
        let reason = check_text("reason", reason, 2000)?;
        let mut tx = self.store.begin().await?;
        let org = tx
            .org_by_name(name)
            .await?
            .ok_or_else(|| not_found("organisation", name))?;
        let (to, action) = match disposition {
            Disposition::Clear => (Screening::Clear, "screening-clear"),
            Disposition::Confirm => (Screening::DeniedParty, "screening-confirm"),
        };
        let ev = VettingEvent {
            org_id: org.id,
            action: action.into(),
            from_status: org.screening.as_str().into(),
            to_status: to.as_str().into(),
            reason: reason.clone(),
            actor: actor.to_string(),
            at: crate::now(),
        };
        let org = tx.set_org_screening(org.id, to, &ev).await?;
        self.audit(
            tx.as_mut(),
            actor,
            &format!("org.{action}"),
            &org.name,
            &reason,
        )
        .await?;
        tx.commit().await?;
        Ok(org)
    }

    /// Registers a user for the API and the console, where an org-admin, an operator or a
    /// regulator attests the person: as [`Admin::create_user`], but the full name is required,
    /// so that every person registered there is screened by name (leaving the name out would
    /// register someone the screening cannot see; a false name is a false attestation, and the
    /// attester is recorded).
    #[allow(clippy::too_many_arguments)]
    pub async fn register_user(
        &self,
        email: &str,
        org: &str,
        nationality: &str,
        location: &str,
        name: Option<&str>,
        role: Role,
        actor: &str,
    ) -> Result<User, OpsError> {
        if name.is_none_or(|n| n.trim().is_empty()) {
            return Err(OpsError::Invalid {
                field: "name",
                reason: "the person's full name is required (it is screened against the \
                         denied-party list)"
                    .into(),
            });
        }
        self.create_user(email, org, nationality, location, name, role, actor)
            .await
    }

    /// Creates a user of record and screens the person: the full name if given, and the local
    /// part of the e-mail address in any case. The name is optional here for the command line
    /// (bootstrap accounts, and users registered before names were required); the API and the
    /// console use [`Admin::register_user`], which requires it.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_user(
        &self,
        email: &str,
        org: &str,
        nationality: &str,
        location: &str,
        name: Option<&str>,
        role: Role,
        actor: &str,
    ) -> Result<User, OpsError> {
        let email = check_email(email)?;
        let nationality = check_country("nationality", nationality)?;
        let location = check_country("location", location)?;
        let name = name.map(|n| check_text("name", n, 200)).transpose()?;
        let screener = self.screener().await?;
        let mut tx = self.store.begin().await?;
        let org = tx
            .org_by_name(org)
            .await?
            .ok_or_else(|| not_found("organisation", org))?;
        let new = NewUser {
            email,
            name,
            org_id: org.id,
            nationality,
            location,
            role,
            attested_by: Some(actor.to_string()),
        };
        let mut user = tx.create_user(&new, crate::now()).await?;
        self.audit(
            tx.as_mut(),
            actor,
            "user.create",
            &user.email,
            &format!("org {}, role {}", org.name, role.as_str()),
        )
        .await?;
        if let Some(hit) = screener.screen_person(user.name.as_deref(), &user.email) {
            user = self
                .quarantine_user(tx.as_mut(), &user, &hit, actor)
                .await?;
        }
        tx.commit().await?;
        Ok(user)
    }

    /// Creates an API key for a user; the full key is returned once.
    pub async fn create_key(
        &self,
        email: &str,
        days: Option<u32>,
        actor: &str,
    ) -> Result<CreatedKey, OpsError> {
        let email = check_email(email)?;
        let days = days.unwrap_or(self.key_max_days);
        if days == 0 || days > self.key_max_days {
            return Err(OpsError::Invalid {
                field: "days",
                reason: format!("must be between 1 and {}", self.key_max_days),
            });
        }
        let mut tx = self.store.begin().await?;
        let user = tx
            .user_by_email(&email)
            .await?
            .ok_or_else(|| not_found("user", &email))?;
        let k = self.hasher.generate()?;
        let now = crate::now();
        let expires_at = now + i64::from(days) * 86_400;
        tx.insert_key(&ApiKey {
            key_id: k.key_id.clone(),
            user_id: user.id,
            hash: k.hash,
            created_at: now,
            expires_at,
            revoked_at: None,
        })
        .await?;
        self.audit(
            tx.as_mut(),
            actor,
            "key.create",
            &k.key_id,
            &format!("for {email}, {days} days"),
        )
        .await?;
        tx.commit().await?;
        Ok(CreatedKey {
            key: k.full,
            key_id: k.key_id,
            email,
            expires_at: crate::rfc3339(expires_at),
        })
    }

    /// Revokes a key.
    pub async fn revoke_key(
        &self,
        key_id: &str,
        reason: &str,
        actor: &str,
    ) -> Result<(), OpsError> {
        let reason = check_text("reason", reason, 2000)?;
        let mut tx = self.store.begin().await?;
        tx.revoke_key(key_id, crate::now()).await?;
        self.audit(tx.as_mut(), actor, "key.revoke", key_id, &reason)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Imports a CSL CSV, replacing the list, then re-screens every organisation and user; all
    /// of it one unit of work (the new list, every quarantine and every audit entry, or none).
    /// A hit that the regulator cleared for the same listed name is not quarantined again.
    pub async fn import_screening(&self, csv: &str, actor: &str) -> Result<ImportReport, OpsError> {
        let parties = parse_csl(csv)?;
        let hash = blake3::hash(csv.as_bytes()).to_hex().to_string();
        let mut tx = self.store.begin().await?;
        let version = tx
            .replace_denied_parties(&parties, &hash, crate::now())
            .await?;
        self.audit(
            tx.as_mut(),
            actor,
            "screening.import",
            &format!("list v{version}"),
            &format!("{} entries, blake3 {hash}", parties.len()),
        )
        .await?;
        let screener = Screener::new(parties);
        let mut report = ImportReport {
            version,
            entries: screener.len(),
            quarantined_orgs: Vec::new(),
            quarantined_users: Vec::new(),
        };
        for org in tx.list_orgs().await? {
            if org.screening != Screening::Clear {
                continue;
            }
            if let Some(hit) = screener.screen(&org.name) {
                if Self::cleared_before(tx.as_mut(), org.id, &hit).await? {
                    continue;
                }
                self.quarantine_org(tx.as_mut(), &org, &hit, actor).await?;
                report.quarantined_orgs.push((org.name.clone(), hit));
            }
        }
        for user in tx.list_users(None).await? {
            if user.screening != Screening::Clear {
                continue;
            }
            if let Some(hit) = screener.screen_person(user.name.as_deref(), &user.email) {
                if Self::user_cleared_before(tx.as_mut(), user.id, &hit).await? {
                    continue;
                }
                self.quarantine_user(tx.as_mut(), &user, &hit, actor)
                    .await?;
                report.quarantined_users.push((user.email.clone(), hit));
            }
        }
        tx.commit().await?;
        Ok(report)
    }

    /// Adds a row to the versioned country table: `country` is `class` (`domestic`, `foreign`
    /// or `embargoed`) from `effective_from` (unix seconds) on. Earlier rows stay, so decisions
    /// can be re-evaluated as of any date. A running gateway picks the row up within 30 s.
    pub async fn add_country(
        &self,
        country: &str,
        class: &str,
        effective_from: i64,
        source: &str,
        actor: &str,
    ) -> Result<CountryTier, OpsError> {
        let country = check_country("country", country)?;
        if !["domestic", "foreign", "embargoed"].contains(&class) {
            return Err(OpsError::Invalid {
                field: "class",
                reason: format!("{class:?} is not domestic, foreign or embargoed"),
            });
        }
        let source = check_text("source", source, 500)?;
        let mut tx = self.store.begin().await?;
        let version = tx
            .country_tiers()
            .await?
            .iter()
            .map(|t| t.version)
            .max()
            .unwrap_or(0)
            + 1;
        let row = CountryTier {
            country,
            class: class.to_string(),
            effective_from,
            version,
            source,
        };
        tx.add_country_tier(&row).await?;
        self.audit(
            tx.as_mut(),
            actor,
            "country.set",
            &row.country,
            &format!(
                "{} from {} (v{}, {})",
                row.class,
                crate::rfc3339(row.effective_from),
                row.version,
                row.source
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// The target of a quota rule's `only`, as the quota book matches it: an organisation's
    /// exact name, a user's e-mail (lower case: e-mail matching is case-insensitive), or a
    /// model id of the catalogue (exact: model ids are case-sensitive). A target that does not
    /// exist is refused, so that a rule never silently applies to nobody.
    async fn quota_target(&self, scope: Scope, only: &str) -> Result<String, OpsError> {
        let invalid = |reason: String| OpsError::Invalid {
            field: "only",
            reason,
        };
        let did_you_mean = |names: Vec<String>| match names.as_slice() {
            [one] => format!(" (did you mean {one:?}? names are matched exactly)"),
            [] => String::new(),
            many => format!(
                " (names are matched exactly; {} differ only in case)",
                many.len()
            ),
        };
        match scope {
            Scope::Org => {
                if let Some(o) = self.store.org_by_name(only).await? {
                    return Ok(o.name);
                }
                let near = self
                    .store
                    .list_orgs()
                    .await?
                    .into_iter()
                    .filter(|o| o.name.to_lowercase() == only.to_lowercase())
                    .map(|o| o.name)
                    .collect();
                Err(invalid(format!(
                    "no organisation named {only:?}{}",
                    did_you_mean(near)
                )))
            }
            Scope::User => {
                let email = check_email(only)
                    .map_err(|_| invalid(format!("{only:?} is not an e-mail address of a user")))?;
                match self.store.user_by_email(&email).await? {
                    Some(u) => Ok(u.email),
                    None => Err(invalid(format!("no user with e-mail {email:?}"))),
                }
            }
            Scope::Model => {
                let ids = self.store.model_ids().await?;
                if ids.iter().any(|m| m == only) {
                    return Ok(only.to_string());
                }
                let near = ids
                    .into_iter()
                    .filter(|m| m.to_lowercase() == only.to_lowercase())
                    .collect();
                Err(invalid(format!(
                    "no model {only:?} in the catalogue{}",
                    did_you_mean(near)
                )))
            }
        }
    }

    /// Adds a quota rule (kept in the store, beside `gateway.toml`'s). Its `only` must name an
    /// existing organisation, user or model (see [`Admin::quota_target`]). The caller applies
    /// the new rule set to the running quota book.
    pub async fn add_quota(&self, rule: &QuotaRule, actor: &str) -> Result<StoredQuota, OpsError> {
        let only = rule
            .only
            .as_deref()
            .map(|o| check_text("only", o, 254))
            .transpose()?;
        let limits = [
            rule.requests_per_minute,
            rule.requests_per_day,
            rule.tokens_per_minute,
            rule.tokens_per_day,
        ];
        if limits.iter().all(Option::is_none) {
            return Err(OpsError::Invalid {
                field: "limits",
                reason: "give at least one limit".into(),
            });
        }
        let only = match only {
            Some(o) => Some(self.quota_target(rule.scope, &o).await?),
            None => None,
        };
        let rule = QuotaRule {
            only,
            ..rule.clone()
        };
        let mut tx = self.store.begin().await?;
        let q = tx.add_quota_rule(&rule, actor, crate::now()).await?;
        self.audit(
            tx.as_mut(),
            actor,
            "quota.add",
            &format!("quota {}", q.id),
            &describe_quota(&q.rule),
        )
        .await?;
        tx.commit().await?;
        Ok(q)
    }

    /// Removes a quota rule set at run time.
    pub async fn remove_quota(&self, id: i64, reason: &str, actor: &str) -> Result<(), OpsError> {
        let reason = check_text("reason", reason, 2000)?;
        let mut tx = self.store.begin().await?;
        tx.delete_quota_rule(id).await?;
        self.audit(
            tx.as_mut(),
            actor,
            "quota.remove",
            &format!("quota {id}"),
            &reason,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The organisations currently authorised (approved, not quarantined or denied).
    pub async fn authorised(&self) -> Result<Vec<AuthorisedOrg>, OpsError> {
        Ok(self
            .store
            .list_orgs()
            .await?
            .into_iter()
            .filter(|o| o.status == OrgStatus::Approved && o.screening == Screening::Clear)
            .map(|o| AuthorisedOrg {
                name: o.name,
                country: o.country,
                approved_by: o.approved_by.unwrap_or_default(),
                approved_at: o.approved_at.map(crate::rfc3339).unwrap_or_default(),
                basis: o.basis.unwrap_or_default(),
            })
            .collect())
    }
}

/// A one-line account of a quota rule (`org Acme: 60 requests/min, 1000 tokens/day`).
pub fn describe_quota(r: &QuotaRule) -> String {
    let limits: Vec<String> = [
        (r.requests_per_minute, "requests/min"),
        (r.requests_per_day, "requests/day"),
        (r.tokens_per_minute, "tokens/min"),
        (r.tokens_per_day, "tokens/day"),
    ]
    .iter()
    .filter_map(|(v, unit)| v.map(|n| format!("{n} {unit}")))
    .collect();
    format!(
        "{} {}: {}",
        r.scope.as_str(),
        r.only.as_deref().unwrap_or("(each)"),
        limits.join(", ")
    )
}

/// Renders the authorised list as CSV (RFC 4180 quoting; cells starting with `=`, `+`, `-` or
/// `@` are prefixed with `'` so spreadsheets do not evaluate them).
pub fn authorised_csv(rows: &[AuthorisedOrg]) -> String {
    fn cell(s: &str) -> String {
        let s = if s.starts_with(['=', '+', '-', '@']) {
            format!("'{s}")
        } else {
            s.to_string()
        };
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s
        }
    }
    let mut out = String::from("name,country,approved_by,approved_at,basis\n");
    for r in rows {
        out.push_str(
            &[
                &r.name,
                &r.country,
                &r.approved_by,
                &r.approved_at,
                &r.basis,
            ]
            .map(|s| cell(s))
            .join(","),
        );
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::MemoryAuditSink;
    use crate::store::testing::each_store;

    fn admin(store: Arc<dyn Store>) -> (Admin, Arc<MemoryAuditSink>) {
        // The SQLite store has one connection: an operation that read through the store while
        // its own transaction is open would wait for itself, and this test would hang.
        let audit = Arc::new(MemoryAuditSink::new());
        let admin = Admin {
            store,
            audit: audit.clone(),
            hasher: KeyHasher::new([1; 32]),
            key_max_days: 30,
        };
        (admin, audit)
    }

    const LIST: &str = "source,name\nSDN,Ivan Petrovich Sidorov\nEL,Northwind Trading Company\n";

    #[tokio::test]
    async fn every_operation_is_one_unit_of_work() {
        for b in each_store("ops_units").await {
            every_operation_is_one_unit_of_work_on(b.store.clone()).await;
        }
    }

    async fn every_operation_is_one_unit_of_work_on(store: Arc<dyn Store>) {
        let (a, audit) = admin(store);
        let t = "t";
        a.import_screening(LIST, t).await.unwrap();
        let org = a.create_org("Acme Inc", "US", t).await.unwrap();
        assert_eq!(org.screening, Screening::Clear);
        let nw = a.create_org("N0rthwind Trading Co", "US", t).await.unwrap();
        assert_eq!(nw.screening, Screening::Quarantined);
        a.vet("Acme Inc", Vetting::Approve, "ok", None, t)
            .await
            .unwrap();
        let u = a
            .create_user(
                "ivan.sidorov@acme.test",
                "Acme Inc",
                "US",
                "US",
                Some("Ivan Petrovich Sidorov"),
                Role::User,
                t,
            )
            .await
            .unwrap();
        assert_eq!(u.screening, Screening::Quarantined);
        a.dispose_user(&u.email, Disposition::Clear, "other person", t)
            .await
            .unwrap();
        a.dispose("N0rthwind Trading Co", Disposition::Clear, "other", t)
            .await
            .unwrap();
        let k = a.create_key(&u.email, Some(1), t).await.unwrap();
        a.revoke_key(&k.key_id, "done", t).await.unwrap();
        a.add_country("FR", "foreign", 0, "test", t).await.unwrap();
        let q = a
            .add_quota(
                &QuotaRule {
                    scope: Scope::Org,
                    only: Some("Acme Inc".into()),
                    requests_per_minute: Some(1),
                    requests_per_day: None,
                    tokens_per_minute: None,
                    tokens_per_day: None,
                },
                t,
            )
            .await
            .unwrap();
        a.remove_quota(q.id, "lifted", t).await.unwrap();
        // A re-import quarantines neither cleared party again.
        let r = a.import_screening(LIST, t).await.unwrap();
        assert!(r.quarantined_orgs.is_empty() && r.quarantined_users.is_empty());
        let n = audit.events().len();

        // With the audit log failing, nothing changes.
        audit.set_failing(true);
        let before = (
            a.store.list_orgs().await.unwrap().len(),
            a.store.list_users(None).await.unwrap().len(),
            a.store.country_tiers().await.unwrap().len(),
            a.store.quota_rules().await.unwrap().len(),
            a.store.denied_parties().await.unwrap().len(),
        );
        let audit_failed =
            |r: Result<(), OpsError>| assert!(matches!(r, Err(OpsError::Audit(_))), "{r:?}");
        audit_failed(a.create_org("Ghost", "US", t).await.map(|_| ()));
        audit_failed(
            a.vet("Acme Inc", Vetting::Revoke, "x", None, t)
                .await
                .map(|_| ()),
        );
        audit_failed(
            a.create_user("g@acme.test", "Acme Inc", "US", "US", None, Role::Admin, t)
                .await
                .map(|_| ()),
        );
        audit_failed(a.create_key(&u.email, None, t).await.map(|_| ()));
        audit_failed(
            a.dispose_user(&u.email, Disposition::Confirm, "x", t)
                .await
                .map(|_| ()),
        );
        audit_failed(
            a.add_country("DE", "embargoed", 0, "x", t)
                .await
                .map(|_| ()),
        );
        audit_failed(a.import_screening("name\nAcme Inc\n", t).await.map(|_| ()));
        audit.set_failing(false);
        let after = (
            a.store.list_orgs().await.unwrap().len(),
            a.store.list_users(None).await.unwrap().len(),
            a.store.country_tiers().await.unwrap().len(),
            a.store.quota_rules().await.unwrap().len(),
            a.store.denied_parties().await.unwrap().len(),
        );
        assert_eq!(before, after);
        assert_eq!(a.org("Acme Inc").await.unwrap().status, OrgStatus::Approved);
        assert_eq!(a.org("Acme Inc").await.unwrap().screening, Screening::Clear);
        let u = a.store.user_by_email(&u.email).await.unwrap().unwrap();
        assert_eq!(u.screening, Screening::Clear);
        assert_eq!(audit.events().len(), n, "nothing appended either");
    }

    #[test]
    fn texts_of_record_refuse_invisible_characters() {
        for bad in [
            "a\u{200b}b",
            "a\u{202e}b",
            "a\u{feff}",
            "a\u{2029}b",
            "a\u{ad}b",
        ] {
            assert!(check_text("name", bad, 100).is_err(), "{bad:?}");
        }
        assert!(check_email("iv\u{200b}an@x.test").is_err());
        assert_eq!(
            check_text("name", " Zoë Müller-Łukasz ", 100).unwrap(),
            "Zoë Müller-Łukasz"
        );
    }
}
