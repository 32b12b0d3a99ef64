//! Quotas: requests and tokens per organisation, user and model, per minute and per day.
//!
//! Counters live in memory with SQLite (one gateway process), and in PostgreSQL
//! ([`SharedCounters`], `store/pg_quota.rs`) when several instances share the store, so that
//! every instance admits against the same counts; the usage table in the store keeps the
//! history. Both apply the same rule ([`first_exceeded`]). Requests are counted when admitted. Tokens are reserved when a call is admitted (an
//! estimate: the prompt's size and the output it may produce, see [`Quotas::admit_reserving`]),
//! and the reservation is replaced by the tokens actually used when the call ends
//! ([`Reservation::settle`]) or released if it never reached the upstream (dropped). A token
//! limit admits a call while the tokens used plus those reserved by calls in flight are under
//! the limit, so parallel calls cannot all pass on an empty counter.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use serde::{Deserialize, Serialize};

use crate::store::{BoxFuture, StoreError};

/// What a quota rule counts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Per organisation.
    Org,
    /// Per user.
    User,
    /// Per model (all callers together).
    Model,
}

impl Scope {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Org => "org",
            Scope::User => "user",
            Scope::Model => "model",
        }
    }

    /// Parses the lower-case name.
    pub fn parse(s: &str) -> Option<Scope> {
        [Scope::Org, Scope::User, Scope::Model]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// One quota rule from `gateway.toml` (`[[quota]]`) or the store. Every limit is optional.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QuotaRule {
    /// What it counts by.
    pub scope: Scope,
    /// Only for this org name / user e-mail / model id (default: each one separately).
    #[serde(default)]
    pub only: Option<String>,
    /// Requests per minute.
    #[serde(default)]
    pub requests_per_minute: Option<u64>,
    /// Requests per day.
    #[serde(default)]
    pub requests_per_day: Option<u64>,
    /// Tokens per minute.
    #[serde(default)]
    pub tokens_per_minute: Option<u64>,
    /// Tokens per day.
    #[serde(default)]
    pub tokens_per_day: Option<u64>,
}

/// A quota that is used up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuotaExceeded {
    /// Which scope.
    pub scope: Scope,
    /// Which limit (`requests_per_minute`...).
    pub limit: &'static str,
    /// Seconds until the window resets.
    pub retry_after: u64,
}

/// Why a call was not admitted.
#[derive(Debug, thiserror::Error)]
pub enum AdmitError {
    /// A limit is used up (429).
    #[error("quota exceeded: {} per {:?}", .0.limit, .0.scope)]
    Exceeded(QuotaExceeded),
    /// The shared counters could not be read or written: the call is refused (503).
    #[error("quota counters unavailable: {0}")]
    Store(#[from] StoreError),
}

/// What is counted under one scope and key, in the windows of the instant of admission.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    /// Requests admitted this minute.
    pub minute_requests: u64,
    /// Requests admitted today (UTC).
    pub day_requests: u64,
    /// Tokens used by calls that ended this minute.
    pub minute_tokens: u64,
    /// Tokens used by calls that ended today.
    pub day_tokens: u64,
    /// Tokens reserved by admitted calls that have not ended.
    pub reserved: u64,
}

/// Start of the minute and of the (UTC) day of `now`.
pub fn windows(now: i64) -> (i64, i64) {
    (now - now.rem_euclid(60), now - now.rem_euclid(86_400))
}

/// The first limit of `rule` that `counted` has used up at `now`, if any. A token limit is used
/// up when the tokens used plus those reserved reach it. The one rule of admission, for the
/// in-memory counters and the shared ones alike.
pub fn first_exceeded(rule: &QuotaRule, counted: &Counted, now: i64) -> Option<QuotaExceeded> {
    let to_minute = (60 - now.rem_euclid(60)) as u64;
    let to_day = (86_400 - now.rem_euclid(86_400)) as u64;
    let checks = [
        (
            rule.requests_per_minute,
            counted.minute_requests,
            "requests_per_minute",
            to_minute,
        ),
        (
            rule.requests_per_day,
            counted.day_requests,
            "requests_per_day",
            to_day,
        ),
        (
            rule.tokens_per_minute,
            counted.minute_tokens.saturating_add(counted.reserved),
            "tokens_per_minute",
            to_minute,
        ),
        (
            rule.tokens_per_day,
            counted.day_tokens.saturating_add(counted.reserved),
            "tokens_per_day",
            to_day,
        ),
    ];
    checks
        .into_iter()
        .find(|(limit, used, _, _)| limit.is_some_and(|l| *used >= l))
        .map(|(_, _, name, retry_after)| QuotaExceeded {
            scope: rule.scope,
            limit: name,
            retry_after: retry_after.max(1),
        })
}

/// One applicable rule and the counters it reads (its scope and the caller's key in it).
#[derive(Debug, Clone)]
pub struct RuleCheck {
    /// The scope and key counted.
    pub counter: (Scope, String),
    /// The rule.
    pub rule: QuotaRule,
}

/// Quota counters kept in the database, shared by every gateway instance (PostgreSQL).
pub trait SharedCounters: Send + Sync + std::fmt::Debug {
    /// In one transaction: rolls the counters of every check to the windows of `now`, checks
    /// each rule with [`first_exceeded`]; if none is used up, counts one request and reserves
    /// `tokens` under each distinct counter. Returns the id of the reservation.
    fn admit<'a>(
        &'a self,
        checks: &'a [RuleCheck],
        now: i64,
        tokens: u64,
    ) -> BoxFuture<'a, Result<Result<i64, QuotaExceeded>, StoreError>>;
    /// Removes the reservation and, if `used` is given, counts those tokens under its
    /// counters in the windows of `now`, atomically (possibly in one transaction with other
    /// settlements); resolves once that is committed.
    fn settle(
        &self,
        reservation: i64,
        used: Option<u64>,
        now: i64,
    ) -> BoxFuture<'_, Result<(), StoreError>>;
}

#[derive(Debug, Default, Clone, Copy)]
struct Window {
    start: i64,
    requests: u64,
    tokens: u64,
}

#[derive(Debug, Default, Clone, Copy)]
struct Counters {
    minute: Window,
    day: Window,
    /// Tokens reserved by admitted calls that have not ended (whatever their window).
    reserved: u64,
}

impl Counters {
    fn roll(&mut self, now: i64) {
        let (m, d) = windows(now);
        if self.minute.start != m {
            self.minute = Window {
                start: m,
                ..Window::default()
            };
        }
        if self.day.start != d {
            self.day = Window {
                start: d,
                ..Window::default()
            };
        }
    }
}

/// The keys a request is counted under.
#[derive(Debug, Clone)]
pub struct QuotaKeys {
    /// Org name.
    pub org: String,
    /// User e-mail.
    pub user: String,
    /// Model id.
    pub model: String,
}

impl QuotaKeys {
    fn key(&self, scope: Scope) -> &str {
        match scope {
            Scope::Org => &self.org,
            Scope::User => &self.user,
            Scope::Model => &self.model,
        }
    }
}

type CounterMap = Arc<Mutex<HashMap<(Scope, String), Counters>>>;

/// The quota book.
#[derive(Debug)]
pub struct Quotas {
    rules: RwLock<Arc<Vec<QuotaRule>>>,
    counters: CounterMap,
    shared: Option<Arc<dyn SharedCounters>>,
}

/// Tokens held for an admitted call until it ends. Dropping it releases them unused (a call
/// that never reached the upstream); [`Reservation::settle`] replaces them by the real usage.
#[derive(Debug)]
pub struct Reservation {
    counters: CounterMap,
    held: Vec<(Scope, String)>,
    tokens: u64,
    /// The reservation's id in the shared counters (the in-memory fields are then unused).
    shared: Option<(Arc<dyn SharedCounters>, i64)>,
}

/// Settles or releases a shared reservation in the background (the call's response does not
/// wait for it; the reservation counts until it is done).
fn settle_shared(counters: Arc<dyn SharedCounters>, id: i64, used: Option<u64>, now: i64) {
    if let Ok(h) = tokio::runtime::Handle::try_current() {
        h.spawn(async move {
            if let Err(e) = counters.settle(id, used, now).await {
                tracing::error!(error = %e, reservation = id,
                    "settling a quota reservation failed; it expires on its own");
            }
        });
    }
}

impl Reservation {
    /// The tokens held.
    pub fn tokens(&self) -> u64 {
        self.tokens
    }

    fn release(&mut self, map: &mut HashMap<(Scope, String), Counters>) {
        for k in self.held.drain(..) {
            if let Some(c) = map.get_mut(&k) {
                c.reserved = c.reserved.saturating_sub(self.tokens);
            }
        }
    }

    /// Ends the call: releases the reservation and counts the tokens it used.
    pub fn settle(mut self, used: u64, now: i64) {
        if let Some((shared, id)) = self.shared.take() {
            settle_shared(shared, id, Some(used), now);
            return;
        }
        let counters = self.counters.clone();
        let mut map = counters.lock().unwrap_or_else(|p| p.into_inner());
        for k in &self.held {
            if let Some(c) = map.get_mut(k) {
                c.roll(now);
                c.minute.tokens = c.minute.tokens.saturating_add(used);
                c.day.tokens = c.day.tokens.saturating_add(used);
            }
        }
        self.release(&mut map);
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if let Some((shared, id)) = self.shared.take() {
            settle_shared(shared, id, None, crate::now());
        }
        if !self.held.is_empty() {
            let counters = self.counters.clone();
            let mut map = counters.lock().unwrap_or_else(|p| p.into_inner());
            self.release(&mut map);
        }
    }
}

impl Quotas {
    /// A book with these rules, counting in memory (one gateway process).
    pub fn new(rules: Vec<QuotaRule>) -> Quotas {
        Quotas {
            rules: RwLock::new(Arc::new(rules)),
            counters: Arc::new(Mutex::new(HashMap::new())),
            shared: None,
        }
    }

    /// A book with these rules over counters shared by every instance (`None`: in memory).
    pub fn with_counters(rules: Vec<QuotaRule>, shared: Option<Arc<dyn SharedCounters>>) -> Quotas {
        Quotas {
            shared,
            ..Quotas::new(rules)
        }
    }

    /// The rules in force.
    pub fn rules(&self) -> Arc<Vec<QuotaRule>> {
        self.rules.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Replaces the rules (counters are kept: a new limit applies to what was already used).
    pub fn set_rules(&self, rules: Vec<QuotaRule>) {
        *self.rules.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(rules);
    }

    fn applicable<'a>(
        rules: &'a [QuotaRule],
        keys: &'a QuotaKeys,
    ) -> impl Iterator<Item = &'a QuotaRule> + 'a {
        rules
            .iter()
            .filter(move |r| r.only.as_deref().is_none_or(|o| o == keys.key(r.scope)))
    }

    /// Checks every applicable limit; if none is used up, counts the request.
    pub async fn admit(&self, keys: &QuotaKeys, now: i64) -> Result<(), AdmitError> {
        // Nothing is reserved: the request is counted and that is all.
        self.admit_reserving(keys, now, 0).await.map(drop)
    }

    /// Checks every applicable limit; if none is used up, counts the request and reserves
    /// `tokens` (an estimate of the call's usage) under every scope that has a rule. A token
    /// limit is used up when the tokens used plus those reserved by calls in flight reach it.
    /// With shared counters a database failure refuses the call ([`AdmitError::Store`]).
    pub async fn admit_reserving(
        &self,
        keys: &QuotaKeys,
        now: i64,
        tokens: u64,
    ) -> Result<Reservation, AdmitError> {
        let rules = self.rules();
        let reservation = |held, shared| Reservation {
            counters: self.counters.clone(),
            held,
            tokens,
            shared,
        };
        if rules.is_empty() {
            return Ok(reservation(Vec::new(), None));
        }
        let Some(shared) = &self.shared else {
            return self
                .admit_in_memory(&rules, keys, now, tokens)
                .map(|held| reservation(held, None))
                .map_err(AdmitError::Exceeded);
        };
        let checks: Vec<RuleCheck> = Quotas::applicable(&rules, keys)
            .map(|r| RuleCheck {
                counter: (r.scope, keys.key(r.scope).to_string()),
                rule: r.clone(),
            })
            .collect();
        if checks.is_empty() {
            return Ok(reservation(Vec::new(), None));
        }
        match shared.admit(&checks, now, tokens).await? {
            Ok(id) => Ok(reservation(Vec::new(), Some((shared.clone(), id)))),
            Err(q) => Err(AdmitError::Exceeded(q)),
        }
    }

    fn admit_in_memory(
        &self,
        rules: &[QuotaRule],
        keys: &QuotaKeys,
        now: i64,
        tokens: u64,
    ) -> Result<Vec<(Scope, String)>, QuotaExceeded> {
        let mut map = self.counters.lock().unwrap_or_else(|p| p.into_inner());
        for r in Quotas::applicable(rules, keys) {
            let c = map
                .entry((r.scope, keys.key(r.scope).to_string()))
                .or_default();
            c.roll(now);
            let counted = Counted {
                minute_requests: c.minute.requests,
                day_requests: c.day.requests,
                minute_tokens: c.minute.tokens,
                day_tokens: c.day.tokens,
                reserved: c.reserved,
            };
            if let Some(q) = first_exceeded(r, &counted, now) {
                return Err(q);
            }
        }
        let mut scopes: Vec<Scope> = Quotas::applicable(rules, keys).map(|r| r.scope).collect();
        scopes.sort();
        scopes.dedup();
        let mut held = Vec::with_capacity(scopes.len());
        for s in scopes {
            let k = (s, keys.key(s).to_string());
            let c = map.entry(k.clone()).or_default();
            c.minute.requests += 1;
            c.day.requests += 1;
            c.reserved = c.reserved.saturating_add(tokens);
            held.push(k);
        }
        Ok(held)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn request_limit_and_reset() {
        let q = Quotas::new(vec![QuotaRule {
            scope: Scope::User,
            only: None,
            requests_per_minute: Some(2),
            requests_per_day: None,
            tokens_per_minute: None,
            tokens_per_day: None,
        }]);
        let k = QuotaKeys {
            org: "o".into(),
            user: "u".into(),
            model: "m".into(),
        };
        assert!(q.admit(&k, 120).await.is_ok());
        assert!(q.admit(&k, 121).await.is_ok());
        let Err(AdmitError::Exceeded(e)) = q.admit(&k, 130).await else {
            panic!("over the limit")
        };
        assert_eq!(e.retry_after, 50);
        assert!(q.admit(&k, 180).await.is_ok());
        // Replaced rules apply at once, to what was already counted.
        q.set_rules(vec![QuotaRule {
            requests_per_minute: Some(1),
            ..q.rules()[0].clone()
        }]);
        assert!(q.admit(&k, 181).await.is_err());
        q.set_rules(Vec::new());
        assert!(q.admit(&k, 182).await.is_ok());
        assert_eq!(Scope::parse("org"), Some(Scope::Org));
        assert_eq!(Scope::parse(Scope::Model.as_str()), Some(Scope::Model));
        assert_eq!(Scope::parse("team"), None);
    }

    #[tokio::test]
    async fn reservations_bound_parallel_calls_and_settle_to_the_real_usage() {
        let q = Quotas::new(vec![QuotaRule {
            scope: Scope::User,
            only: None,
            requests_per_minute: None,
            requests_per_day: None,
            tokens_per_minute: Some(5000),
            tokens_per_day: None,
        }]);
        let k = QuotaKeys {
            org: "o".into(),
            user: "u".into(),
            model: "m".into(),
        };
        // Two calls of 4,100 estimated tokens: the second still fits under the headroom rule
        // (4,100 < 5,000 when it is admitted); the third does not.
        let a = q.admit_reserving(&k, 0, 4100).await.unwrap();
        let b = q.admit_reserving(&k, 1, 4100).await.unwrap();
        assert!(matches!(
            q.admit_reserving(&k, 2, 4100).await,
            Err(AdmitError::Exceeded(QuotaExceeded {
                limit: "tokens_per_minute",
                ..
            }))
        ));
        // A call that failed releases its reservation; one that ended counts its real usage.
        drop(b);
        a.settle(100, 3);
        let c = q.admit_reserving(&k, 4, 4100).await.unwrap();
        assert_eq!(c.tokens(), 4100);
        c.settle(4900, 5);
        assert!(q.admit_reserving(&k, 6, 1).await.is_err());
        // The next minute starts empty.
        assert!(q.admit_reserving(&k, 60, 1).await.is_ok());
    }
}
