//! Administrative operations shared by the HTTP admin/regulator API and the command line:
//! organisations and their vetting workflow, users, keys, screening imports and exports.
//! Every operation validates its input, writes the store, and appends an audit event.

use std::sync::Arc;

use serde::Serialize;

use crate::audit::{AdminRecord, AuditError, AuditEvent, AuditSink, ScreeningHitRecord};
use crate::countries::normalise_country;
use crate::identity::{IdentityError, KeyHasher};
use crate::quota::QuotaRule;
use crate::screening::{Hit, Screener, ScreeningError, parse_csl};
use crate::store::{
    ApiKey, CountryTier, NewUser, Org, OrgStatus, Role, Screening, Store, StoreError, StoredQuota,
    User, VettingEvent,
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
    /// The audit append failed; the operation's store write has happened but is unaudited.
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

impl Admin {
    async fn audit(
        &self,
        actor: &str,
        action: &str,
        target: &str,
        reason: &str,
    ) -> Result<(), OpsError> {
        self.audit
            .append(&AuditEvent::Admin(AdminRecord {
                at: crate::now(),
                actor: actor.to_string(),
                action: action.to_string(),
                target: target.to_string(),
                reason: reason.to_string(),
            }))
            .await?;
        Ok(())
    }

    async fn audit_hit(
        &self,
        actor: &str,
        subject_kind: &str,
        subject: &str,
        hit: &Hit,
    ) -> Result<(), OpsError> {
        self.audit
            .append(&AuditEvent::ScreeningHit(ScreeningHitRecord {
                at: crate::now(),
                actor: actor.to_string(),
                subject_kind: subject_kind.to_string(),
                subject: subject.to_string(),
                listed_name: hit.listed_name.clone(),
                source: hit.source.clone(),
                score_milli: (hit.score.clamp(0.0, 1.0) * 1000.0).round() as u32,
            }))
            .await?;
        Ok(())
    }

    async fn screener(&self) -> Result<Screener, OpsError> {
        Ok(Screener::new(self.store.denied_parties().await?))
    }

    /// Looks an organisation up, or fails with not-found.
    pub async fn org(&self, name: &str) -> Result<Org, OpsError> {
        self.store.org_by_name(name).await?.ok_or_else(|| {
            OpsError::Store(StoreError::NotFound {
                kind: "organisation",
                name: name.to_string(),
            })
        })
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
        let now = crate::now();
        let mut org = self.store.create_org(&name, &country, actor, now).await?;
        self.audit(actor, "org.create", &name, "application")
            .await?;
        if let Some(hit) = self.screener().await?.screen(&name) {
            org = self.quarantine_org(&org, &hit, actor).await?;
        }
        Ok(org)
    }

    async fn quarantine_org(&self, org: &Org, hit: &Hit, actor: &str) -> Result<Org, OpsError> {
        let reason = format!(
            "screening hit: {:?} on {} (score {:.2})",
            hit.listed_name, hit.source, hit.score
        );
        let ev = VettingEvent {
            org_id: org.id,
            action: "screening-hit".into(),
            from_status: org.screening.as_str().into(),
            to_status: Screening::Quarantined.as_str().into(),
            reason,
            actor: actor.to_string(),
            at: crate::now(),
        };
        let org = self
            .store
            .set_org_screening(org.id, Screening::Quarantined, &ev)
            .await?;
        self.audit_hit(actor, "org", &org.name, hit).await?;
        Ok(org)
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
        let org = self.org(name).await?;
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
        let org = self
            .store
            .set_org_status(org.id, to, basis.as_deref(), &ev)
            .await?;
        self.audit(
            actor,
            &format!("org.{}", action.as_str()),
            &org.name,
            &reason,
        )
        .await?;
        Ok(org)
    }

    /// Whether the regulator already cleared this very hit (same listed name) for this org, so
    /// that a false positive is not quarantined again on every list import.
    async fn cleared_before(&self, org_id: i64, hit: &Hit) -> Result<bool, OpsError> {
        let events = self.store.org_events(org_id).await?;
        let Some(last_hit) = events.iter().rposition(|e| e.action == "screening-hit") else {
            return Ok(false);
        };
        let same = events[last_hit]
            .reason
            .contains(&format!("{:?}", hit.listed_name));
        let cleared = events[last_hit..]
            .iter()
            .any(|e| e.action == "screening-clear");
        Ok(same && cleared)
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
        let user = self
            .store
            .user_by_email(&email)
            .await?
            .ok_or_else(|| StoreError::NotFound {
                kind: "user",
                name: email.clone(),
            })?;
        let (to, action) = match disposition {
            Disposition::Clear => (Screening::Clear, "user.screening-clear"),
            Disposition::Confirm => (Screening::DeniedParty, "user.screening-confirm"),
        };
        self.store.set_user_screening(user.id, to).await?;
        self.audit(actor, action, &user.email, &reason).await?;
        Ok(User {
            screening: to,
            ..user
        })
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
        let org = self.org(name).await?;
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
        let org = self.store.set_org_screening(org.id, to, &ev).await?;
        self.audit(actor, &format!("org.{action}"), &org.name, &reason)
            .await?;
        Ok(org)
    }

    /// Creates a user of record and screens their name.
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
        let org = self.org(org).await?;
        let new = NewUser {
            email,
            name,
            org_id: org.id,
            nationality,
            location,
            role,
            attested_by: Some(actor.to_string()),
        };
        let user = self.store.create_user(&new, crate::now()).await?;
        self.audit(
            actor,
            "user.create",
            &user.email,
            &format!("org {}, role {}", org.name, role.as_str()),
        )
        .await?;
        if let Some(n) = &user.name
            && let Some(hit) = self.screener().await?.screen(n)
        {
            self.store
                .set_user_screening(user.id, Screening::Quarantined)
                .await?;
            self.audit_hit(actor, "user", &user.email, &hit).await?;
            return Ok(self.store.user_by_email(&user.email).await?.unwrap_or(user));
        }
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
        let user = self
            .store
            .user_by_email(&email)
            .await?
            .ok_or_else(|| StoreError::NotFound {
                kind: "user",
                name: email.clone(),
            })?;
        let days = days.unwrap_or(self.key_max_days);
        if days == 0 || days > self.key_max_days {
            return Err(OpsError::Invalid {
                field: "days",
                reason: format!("must be between 1 and {}", self.key_max_days),
            });
        }
        let k = self.hasher.generate()?;
        let now = crate::now();
        let expires_at = now + i64::from(days) * 86_400;
        self.store
            .insert_key(&ApiKey {
                key_id: k.key_id.clone(),
                user_id: user.id,
                hash: k.hash,
                created_at: now,
                expires_at,
                revoked_at: None,
            })
            .await?;
        self.audit(
            actor,
            "key.create",
            &k.key_id,
            &format!("for {email}, {days} days"),
        )
        .await?;
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
        self.store.revoke_key(key_id, crate::now()).await?;
        self.audit(actor, "key.revoke", key_id, &reason).await
    }

    /// Imports a CSL CSV, replacing the list, then re-screens every organisation and user.
    pub async fn import_screening(&self, csv: &str, actor: &str) -> Result<ImportReport, OpsError> {
        let parties = parse_csl(csv)?;
        let hash = blake3::hash(csv.as_bytes()).to_hex().to_string();
        let version = self
            .store
            .replace_denied_parties(&parties, &hash, crate::now())
            .await?;
        self.audit(
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
        for org in self.store.list_orgs().await? {
            if org.screening != Screening::Clear {
                continue;
            }
            if let Some(hit) = screener.screen(&org.name) {
                if self.cleared_before(org.id, &hit).await? {
                    continue;
                }
                self.quarantine_org(&org, &hit, actor).await?;
                report.quarantined_orgs.push((org.name.clone(), hit));
            }
        }
        for user in self.store.list_users(None).await? {
            if user.screening != Screening::Clear {
                continue;
            }
            if let Some(hit) = user.name.as_deref().and_then(|n| screener.screen(n)) {
                self.store
                    .set_user_screening(user.id, Screening::Quarantined)
                    .await?;
                self.audit_hit(actor, "user", &user.email, &hit).await?;
                report.quarantined_users.push((user.email.clone(), hit));
            }
        }
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
        let version = self
            .store
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
        self.store.add_country_tier(&row).await?;
        self.audit(
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
        Ok(row)
    }

    /// Adds a quota rule (kept in the store, beside `gateway.toml`'s). The caller applies the
    /// new rule set to the running quota book.
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
        let rule = QuotaRule {
            only,
            ..rule.clone()
        };
        let q = self
            .store
            .add_quota_rule(&rule, actor, crate::now())
            .await?;
        self.audit(
            actor,
            "quota.add",
            &format!("quota {}", q.id),
            &describe_quota(&q.rule),
        )
        .await?;
        Ok(q)
    }

    /// Removes a quota rule set at run time.
    pub async fn remove_quota(&self, id: i64, reason: &str, actor: &str) -> Result<(), OpsError> {
        let reason = check_text("reason", reason, 2000)?;
        self.store.delete_quota_rule(id).await?;
        self.audit(actor, "quota.remove", &format!("quota {id}"), &reason)
            .await
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
