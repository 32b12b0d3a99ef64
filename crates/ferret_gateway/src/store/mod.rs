//! The storage layer: plain records, the [`Store`] trait the handlers use, and its two
//! implementations: SQLite (one file, one gateway process) and PostgreSQL (several gateway
//! instances share it). Both run the same queries (`queries.rs`); each has its own versioned
//! migrations, with the same version numbers.

#[macro_use]
mod queries;
#[macro_use]
mod impls;
mod pg_quota;
mod postgres;
pub(crate) use postgres::pool_options;
mod sqlite;
pub mod testing;

use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;

use serde::Serialize;

use crate::config::{Database, DatabaseKind};
use crate::quota::{QuotaRule, SharedCounters};

pub use pg_quota::{RESERVATION_TTL, SWEEP_EVERY};
pub use postgres::PgStore;
pub use sqlite::SqliteStore;

/// The newest schema version this build knows (both engines).
pub const SCHEMA_VERSION: i64 = 8;

/// Opens the store named by `database` (`gateway.db` in `data_dir` for `Sqlite(None)`), and
/// applies pending migrations; a schema newer than this build is refused
/// ([`StoreError::TooNew`]).
pub async fn open(database: &Database, data_dir: &Path) -> Result<Arc<dyn Store>, StoreError> {
    Ok(match database {
        Database::Sqlite(None) => Arc::new(SqliteStore::open(data_dir).await?),
        Database::Sqlite(Some(file)) => Arc::new(SqliteStore::open_file(file).await?),
        Database::Postgres(url) => Arc::new(PgStore::connect(url).await?),
    })
}

/// A boxed future, so that [`Store`] can be used as a trait object.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed.
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    /// A record with this name already exists.
    #[error("{kind} {name:?} already exists")]
    Conflict {
        /// Record kind (`organisation`, `user`...).
        kind: &'static str,
        /// The clashing name.
        name: String,
    },
    /// No record with this name.
    #[error("{kind} {name:?} not found")]
    NotFound {
        /// Record kind.
        kind: &'static str,
        /// The missing name.
        name: String,
    },
    /// A field failed validation.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// Field name.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// A migration failed.
    #[error("migration {version} failed: {source}")]
    Migration {
        /// Migration version.
        version: i64,
        /// The database error.
        source: sqlx::Error,
    },
    /// The database was written by a newer version of the gateway.
    #[error("database schema version {found} is newer than this build supports ({supported})")]
    TooNew {
        /// Version found.
        found: i64,
        /// Newest version known to this build.
        supported: i64,
    },
}

/// Vetting status of an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OrgStatus {
    /// Applied, not yet decided.
    Applied,
    /// Approved by the regulator.
    Approved,
    /// Application denied.
    Denied,
    /// Approval revoked.
    Revoked,
}

impl OrgStatus {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            OrgStatus::Applied => "applied",
            OrgStatus::Approved => "approved",
            OrgStatus::Denied => "denied",
            OrgStatus::Revoked => "revoked",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(s: &str) -> Option<OrgStatus> {
        Some(match s {
            "applied" => OrgStatus::Applied,
            "approved" => OrgStatus::Approved,
            "denied" => OrgStatus::Denied,
            "revoked" => OrgStatus::Revoked,
            _ => return None,
        })
    }
}

/// Denied-party screening state of an organisation or user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Screening {
    /// No hit, or a hit the regulator cleared.
    Clear,
    /// A hit awaiting the regulator's decision: no access at all meanwhile.
    Quarantined,
    /// Confirmed denied party.
    DeniedParty,
}

impl Screening {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Screening::Clear => "clear",
            Screening::Quarantined => "quarantined",
            Screening::DeniedParty => "denied-party",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(s: &str) -> Option<Screening> {
        Some(match s {
            "clear" => Screening::Clear,
            "quarantined" => Screening::Quarantined,
            "denied-party" => Screening::DeniedParty,
            _ => return None,
        })
    }
}

/// Role of a user in the gateway's own administration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// A model user; no administration rights.
    User,
    /// Administers its own organisation only.
    OrgAdmin,
    /// Operator of the gateway.
    Admin,
    /// The regulator: vetting decisions and exports.
    Regulator,
}

impl Role {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::OrgAdmin => "org-admin",
            Role::Admin => "admin",
            Role::Regulator => "regulator",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "user" => Role::User,
            "org-admin" => Role::OrgAdmin,
            "admin" => Role::Admin,
            "regulator" => Role::Regulator,
            _ => return None,
        })
    }
}

/// An organisation.
#[derive(Debug, Clone, Serialize)]
pub struct Org {
    /// Row id.
    pub id: i64,
    /// Legal name (unique).
    pub name: String,
    /// ISO 3166-1 alpha-2 country of incorporation.
    pub country: String,
    /// Vetting status.
    pub status: OrgStatus,
    /// Screening state.
    pub screening: Screening,
    /// Authorisation basis of the approval (licence, exception...).
    pub basis: Option<String>,
    /// Who approved it.
    pub approved_by: Option<String>,
    /// When it was approved (unix seconds).
    pub approved_at: Option<i64>,
    /// Creation time (unix seconds).
    pub created_at: i64,
}

/// A user (a natural person) of an organisation.
#[derive(Debug, Clone, Serialize)]
pub struct User {
    /// Row id.
    pub id: i64,
    /// E-mail address (unique; also the OIDC claim value).
    pub email: String,
    /// Full name, for screening.
    pub name: Option<String>,
    /// The organisation's row id.
    pub org_id: i64,
    /// Nationality of record (ISO alpha-2), attested by the organisation.
    pub nationality: String,
    /// Location of record (ISO alpha-2), attested by the organisation.
    pub location: String,
    /// Administration role.
    pub role: Role,
    /// Screening state.
    pub screening: Screening,
    /// Who attested nationality and location (the registering org-admin or operator).
    pub attested_by: Option<String>,
    /// Creation time (unix seconds).
    pub created_at: i64,
}

/// A new user.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// E-mail address.
    pub email: String,
    /// Full name.
    pub name: Option<String>,
    /// Organisation row id.
    pub org_id: i64,
    /// Nationality of record.
    pub nationality: String,
    /// Location of record.
    pub location: String,
    /// Role.
    pub role: Role,
    /// Who attests nationality and location.
    pub attested_by: Option<String>,
}

/// A stored API key (never the secret).
#[derive(Debug, Clone, Serialize)]
pub struct ApiKey {
    /// Public key id.
    pub key_id: String,
    /// Owner's row id.
    #[serde(skip)]
    pub user_id: i64,
    /// Keyed hash of the secret.
    #[serde(skip)]
    pub hash: Vec<u8>,
    /// Creation time.
    pub created_at: i64,
    /// Expiry (unix seconds).
    pub expires_at: i64,
    /// Revocation time, if revoked.
    pub revoked_at: Option<i64>,
}

/// A vetting transition.
#[derive(Debug, Clone, Serialize)]
pub struct VettingEvent {
    /// Organisation row id.
    pub org_id: i64,
    /// `apply`, `approve`, `deny`, `revoke`, `screening-hit`, `screening-clear`, `screening-confirm`.
    pub action: String,
    /// Status before.
    pub from_status: String,
    /// Status after.
    pub to_status: String,
    /// Reason given.
    pub reason: String,
    /// Who did it.
    pub actor: String,
    /// When (unix seconds).
    pub at: i64,
}

/// One entry of the denied-party list.
#[derive(Debug, Clone, Serialize)]
pub struct DeniedParty {
    /// Source list (e.g. `Entity List (EL) - Bureau of Industry and Security`).
    pub source: String,
    /// Primary name.
    pub name: String,
    /// Alternative names.
    pub alt_names: Vec<String>,
    /// Country, if known.
    pub country: Option<String>,
    /// Addresses, as given.
    pub addresses: String,
}

/// A row of the versioned country table.
#[derive(Debug, Clone, Serialize)]
pub struct CountryTier {
    /// ISO alpha-2 code.
    pub country: String,
    /// `domestic`, `embargoed` or `foreign`.
    pub class: String,
    /// Effective from (unix seconds).
    pub effective_from: i64,
    /// Version of the dataset this row came from.
    pub version: i64,
    /// Where the row comes from (regulation reference).
    pub source: String,
}

/// Token usage of one upstream call.
#[derive(Debug, Clone)]
pub struct UsageRecord {
    /// User row id.
    pub user_id: i64,
    /// Org row id.
    pub org_id: i64,
    /// Model id.
    pub model: String,
    /// Input tokens.
    pub prompt_tokens: u64,
    /// Output tokens.
    pub completion_tokens: u64,
    /// When.
    pub at: i64,
}

/// A quota rule set at run time.
#[derive(Debug, Clone, Serialize)]
pub struct StoredQuota {
    /// Row id.
    pub id: i64,
    /// The rule.
    pub rule: QuotaRule,
    /// Who set it.
    pub created_by: String,
    /// When (unix seconds).
    pub created_at: i64,
}

/// Everything needed to decide one request: the key (if a key was used), user and organisation.
#[derive(Debug, Clone)]
pub struct PrincipalRecord {
    /// The user.
    pub user: User,
    /// Their organisation.
    pub org: Org,
}

/// An event in a user's screening history (quarantine on a hit, the regulator's disposition).
#[derive(Debug, Clone, Serialize)]
pub struct UserEvent {
    /// User row id.
    pub user_id: i64,
    /// `screening-hit`, `screening-clear`, `screening-confirm`.
    pub action: String,
    /// Screening state before.
    pub from_status: String,
    /// Screening state after.
    pub to_status: String,
    /// Reason given (for a hit: the listed name, source and score).
    pub reason: String,
    /// Who did it.
    pub actor: String,
    /// When (unix seconds).
    pub at: i64,
}

/// A console session as stored. The session's token is never stored: rows are keyed by its
/// BLAKE3 hash, so reading the database does not yield a login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleSession {
    /// E-mail of record (for OIDC logins, and the owner of the key).
    pub email: String,
    /// The API key used to log in, re-checked (revocation, expiry) on every request.
    pub key_id: Option<String>,
    /// The CSRF token every state-changing form must carry.
    pub csrf: String,
    /// Login time (unix seconds).
    pub created: i64,
    /// When the credential of the login expires, if that is before the session's own limits
    /// (an OIDC ID token's `exp`): the session ends with it.
    pub expires: Option<i64>,
    /// Last request (unix seconds).
    pub last_seen: i64,
    /// A one-shot message for the next page (the outcome of the last action).
    pub flash: Option<String>,
}

/// How long console sessions live (seconds): a session is live at `now` while
/// `now < created + absolute`, `now < last_seen + idle` and `now < expires` (if set).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionTtl {
    /// From login, whatever happens.
    pub absolute: i64,
    /// Without a request.
    pub idle: i64,
}

/// The storage trait: reads, the writes that are not administrative actions (usage records, the
/// model catalogue, console sessions), and [`Store::begin`]. Every administrative change goes
/// through a [`StoreTx`], so that it can be committed only once its audit entry is appended.
pub trait Store: Send + Sync + std::fmt::Debug {
    /// The engine.
    fn kind(&self) -> DatabaseKind;
    /// The current schema version.
    fn schema_version(&self) -> BoxFuture<'_, Result<i64, StoreError>>;
    /// Closes the connections.
    fn close(&self) -> BoxFuture<'_, ()>;
    /// Quota counters shared by every gateway instance over this store (PostgreSQL); `None`
    /// when the gateway counts in memory (SQLite: one process).
    fn shared_quotas(&self) -> Option<Arc<dyn SharedCounters>>;
    /// Begins a unit of work (an immediate write transaction).
    fn begin(&self) -> BoxFuture<'_, Result<Box<dyn StoreTx>, StoreError>>;
    /// Looks an organisation up by name.
    fn org_by_name<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<Option<Org>, StoreError>>;
    /// Looks an organisation up by id.
    fn org_by_id(&self, id: i64) -> BoxFuture<'_, Result<Option<Org>, StoreError>>;
    /// All organisations, by name.
    fn list_orgs(&self) -> BoxFuture<'_, Result<Vec<Org>, StoreError>>;
    /// The vetting events of an organisation, oldest first.
    fn org_events(&self, org_id: i64) -> BoxFuture<'_, Result<Vec<VettingEvent>, StoreError>>;
    /// Looks a user up by e-mail.
    fn user_by_email<'a>(
        &'a self,
        email: &'a str,
    ) -> BoxFuture<'a, Result<Option<User>, StoreError>>;
    /// All users (of one organisation if given).
    fn list_users(&self, org_id: Option<i64>) -> BoxFuture<'_, Result<Vec<User>, StoreError>>;
    /// The screening events of a user, oldest first.
    fn user_events(&self, user_id: i64) -> BoxFuture<'_, Result<Vec<UserEvent>, StoreError>>;
    /// The keys of one organisation's users, each with its owner's e-mail, newest first.
    fn org_keys(&self, org_id: i64) -> BoxFuture<'_, Result<Vec<(String, ApiKey)>, StoreError>>;
    /// The key, its user and organisation, in one query.
    fn principal_by_key<'a>(
        &'a self,
        key_id: &'a str,
    ) -> BoxFuture<'a, Result<Option<(ApiKey, PrincipalRecord)>, StoreError>>;
    /// The user with this e-mail and their organisation.
    fn principal_by_email<'a>(
        &'a self,
        email: &'a str,
    ) -> BoxFuture<'a, Result<Option<PrincipalRecord>, StoreError>>;
    /// Inserts or updates a model of the catalogue.
    fn upsert_model<'a>(
        &'a self,
        id: &'a str,
        tier: &'a str,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
    /// The ids of the model catalogue (every model the gateway has served under any
    /// configuration).
    fn model_ids(&self) -> BoxFuture<'_, Result<Vec<String>, StoreError>>;
    /// Records the token usage of one call.
    fn record_usage<'a>(&'a self, usage: &'a UsageRecord) -> BoxFuture<'a, Result<(), StoreError>>;
    /// The current denied-party list.
    fn denied_parties(&self) -> BoxFuture<'_, Result<Vec<DeniedParty>, StoreError>>;
    /// Every row of the country table (all versions).
    fn country_tiers(&self) -> BoxFuture<'_, Result<Vec<CountryTier>, StoreError>>;
    /// The quota rules set at run time (beside those of `gateway.toml`), by id.
    fn quota_rules(&self) -> BoxFuture<'_, Result<Vec<StoredQuota>, StoreError>>;
    /// Stores a new console session under the hash of its token, and removes the sessions
    /// that have ended by `session.created`.
    fn session_insert<'a>(
        &'a self,
        token_hash: &'a [u8],
        session: &'a ConsoleSession,
        ttl: SessionTtl,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
    /// The live session with this token hash, marked used at `now`, with its flash message
    /// (which is then cleared); `None` (and the row removed) if it has ended or never existed.
    fn session_touch<'a>(
        &'a self,
        token_hash: &'a [u8],
        now: i64,
        ttl: SessionTtl,
    ) -> BoxFuture<'a, Result<Option<ConsoleSession>, StoreError>>;
    /// Leaves a message for the session's next page.
    fn session_flash<'a>(
        &'a self,
        token_hash: &'a [u8],
        message: &'a str,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
    /// Ends a session.
    fn session_delete<'a>(&'a self, token_hash: &'a [u8]) -> BoxFuture<'a, Result<(), StoreError>>;
}

/// A unit of work over the store: one write transaction. Its changes are visible to others, and
/// kept, only once [`StoreTx::commit`] succeeds; dropping it uncommitted rolls them back. Reads
/// through it see its own uncommitted changes. While it is open, use only it (not the
/// [`Store`]): a store with a single connection would wait for itself.
pub trait StoreTx: Send {
    /// Commits the changes.
    fn commit(self: Box<Self>) -> BoxFuture<'static, Result<(), StoreError>>;
    /// The PostgreSQL connection of this transaction (`None` for SQLite), so that a record
    /// kept in the same database (the audit log's entries) commits or rolls back with it.
    fn postgres(&mut self) -> Option<&mut sqlx::PgConnection> {
        None
    }
    /// Creates an organisation in status `applied`, recording an `apply` event.
    fn create_org<'a>(
        &'a mut self,
        name: &'a str,
        country: &'a str,
        actor: &'a str,
        now: i64,
    ) -> BoxFuture<'a, Result<Org, StoreError>>;
    /// Looks an organisation up by name.
    fn org_by_name<'a>(
        &'a mut self,
        name: &'a str,
    ) -> BoxFuture<'a, Result<Option<Org>, StoreError>>;
    /// All organisations, by name.
    fn list_orgs(&mut self) -> BoxFuture<'_, Result<Vec<Org>, StoreError>>;
    /// The vetting events of an organisation, oldest first.
    fn org_events(&mut self, org_id: i64) -> BoxFuture<'_, Result<Vec<VettingEvent>, StoreError>>;
    /// Changes vetting status and records the event.
    fn set_org_status<'a>(
        &'a mut self,
        org_id: i64,
        status: OrgStatus,
        basis: Option<&'a str>,
        event: &'a VettingEvent,
    ) -> BoxFuture<'a, Result<Org, StoreError>>;
    /// Changes screening state and records the event.
    fn set_org_screening<'a>(
        &'a mut self,
        org_id: i64,
        screening: Screening,
        event: &'a VettingEvent,
    ) -> BoxFuture<'a, Result<Org, StoreError>>;
    /// Creates a user.
    fn create_user<'a>(
        &'a mut self,
        user: &'a NewUser,
        now: i64,
    ) -> BoxFuture<'a, Result<User, StoreError>>;
    /// Looks a user up by e-mail.
    fn user_by_email<'a>(
        &'a mut self,
        email: &'a str,
    ) -> BoxFuture<'a, Result<Option<User>, StoreError>>;
    /// All users (of one organisation if given).
    fn list_users(&mut self, org_id: Option<i64>) -> BoxFuture<'_, Result<Vec<User>, StoreError>>;
    /// The screening events of a user, oldest first.
    fn user_events(&mut self, user_id: i64) -> BoxFuture<'_, Result<Vec<UserEvent>, StoreError>>;
    /// Changes a user's screening state and records the event; returns the user.
    fn set_user_screening<'a>(
        &'a mut self,
        user_id: i64,
        screening: Screening,
        event: &'a UserEvent,
    ) -> BoxFuture<'a, Result<User, StoreError>>;
    /// Stores a new API key.
    fn insert_key<'a>(&'a mut self, key: &'a ApiKey) -> BoxFuture<'a, Result<(), StoreError>>;
    /// Revokes an active key (not-found if there is none with this id).
    fn revoke_key<'a>(
        &'a mut self,
        key_id: &'a str,
        now: i64,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
    /// Replaces the denied-party list with a new import; returns its version.
    fn replace_denied_parties<'a>(
        &'a mut self,
        parties: &'a [DeniedParty],
        hash: &'a str,
        now: i64,
    ) -> BoxFuture<'a, Result<i64, StoreError>>;
    /// Every row of the country table (all versions).
    fn country_tiers(&mut self) -> BoxFuture<'_, Result<Vec<CountryTier>, StoreError>>;
    /// Adds a row to the country table.
    fn add_country_tier<'a>(
        &'a mut self,
        tier: &'a CountryTier,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
    /// Stores a quota rule; returns it with its id.
    fn add_quota_rule<'a>(
        &'a mut self,
        rule: &'a QuotaRule,
        actor: &'a str,
        now: i64,
    ) -> BoxFuture<'a, Result<StoredQuota, StoreError>>;
    /// Deletes a quota rule (not-found if there is none with this id).
    fn delete_quota_rule(&mut self, id: i64) -> BoxFuture<'_, Result<(), StoreError>>;
}
