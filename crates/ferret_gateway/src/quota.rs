//! Quotas: requests and tokens per organisation, user and model, per minute and per day.
//!
//! Counters live in memory (one gateway instance); the usage table in the store keeps the
//! history. Requests are counted when admitted. Tokens are reserved when a call is admitted (an
//! estimate: the prompt's size and the output it may produce, see [`Quotas::admit_reserving`]),
//! and the reservation is replaced by the tokens actually used when the call ends
//! ([`Reservation::settle`]) or released if it never reached the upstream (dropped). A token
//! limit admits a call while the tokens used plus those reserved by calls in flight are under
//! the limit, so parallel calls cannot all pass on an empty counter.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use serde::{Deserialize, Serialize};

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
        let m = now - now.rem_euclid(60);
        if self.minute.start != m {
            self.minute = Window {
                start: m,
                ..Window::default()
            };
        }
        let d = now - now.rem_euclid(86_400);
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

/// The quota book.
#[derive(Debug)]
pub struct Quotas {
    rules: RwLock<Arc<Vec<QuotaRule>>>,
    counters: Arc<Mutex<HashMap<(Scope, String), Counters>>>,
}

/// Tokens held for an admitted call until it ends. Dropping it releases them unused (a call
/// that never reached the upstream); [`Reservation::settle`] replaces them by the real usage.
#[derive(Debug)]
pub struct Reservation {
    counters: Arc<Mutex<HashMap<(Scope, String), Counters>>>,
    held: Vec<(Scope, String)>,
    tokens: u64,
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
        if !self.held.is_empty() {
            let counters = self.counters.clone();
            let mut map = counters.lock().unwrap_or_else(|p| p.into_inner());
            self.release(&mut map);
        }
    }
}

impl Quotas {
    /// A book with these rules.
    pub fn new(rules: Vec<QuotaRule>) -> Quotas {
        Quotas {
            rules: RwLock::new(Arc::new(rules)),
            counters: Arc::new(Mutex::new(HashMap::new())),
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
    pub fn admit(&self, keys: &QuotaKeys, now: i64) -> Result<(), QuotaExceeded> {
        self.admit_reserving(keys, now, 0).map(|r| {
            // Nothing is reserved: the request is counted and that is all.
            drop(r);
        })
    }

    /// Checks every applicable limit; if none is used up, counts the request and reserves
    /// `tokens` (an estimate of the call's usage) under every scope that has a rule. A token
    /// limit is used up when the tokens used plus those reserved by calls in flight reach it.
    pub fn admit_reserving(
        &self,
        keys: &QuotaKeys,
        now: i64,
        tokens: u64,
    ) -> Result<Reservation, QuotaExceeded> {
        let reservation = |held| Reservation {
            counters: self.counters.clone(),
            held,
            tokens,
        };
        let rules = self.rules();
        if rules.is_empty() {
            return Ok(reservation(Vec::new()));
        }
        let mut map = self.counters.lock().unwrap_or_else(|p| p.into_inner());
        let to_minute = (60 - now.rem_euclid(60)) as u64;
        let to_day = (86_400 - now.rem_euclid(86_400)) as u64;
        for r in Quotas::applicable(&rules, keys) {
            let c = map
                .entry((r.scope, keys.key(r.scope).to_string()))
                .or_default();
            c.roll(now);
            let checks = [
                (
                    r.requests_per_minute,
                    c.minute.requests,
                    "requests_per_minute",
                    to_minute,
                ),
                (
                    r.requests_per_day,
                    c.day.requests,
                    "requests_per_day",
                    to_day,
                ),
                (
                    r.tokens_per_minute,
                    c.minute.tokens.saturating_add(c.reserved),
                    "tokens_per_minute",
                    to_minute,
                ),
                (
                    r.tokens_per_day,
                    c.day.tokens.saturating_add(c.reserved),
                    "tokens_per_day",
                    to_day,
                ),
            ];
            for (limit, used, name, retry_after) in checks {
                if let Some(limit) = limit
                    && used >= limit
                {
                    return Err(QuotaExceeded {
                        scope: r.scope,
                        limit: name,
                        retry_after: retry_after.max(1),
                    });
                }
            }
        }
        let mut scopes: Vec<Scope> = Quotas::applicable(&rules, keys).map(|r| r.scope).collect();
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
        drop(map);
        Ok(reservation(held))
    }

    /// Adds the tokens of a finished call.
    pub fn add_tokens(&self, keys: &QuotaKeys, tokens: u64, now: i64) {
        let rules = self.rules();
        if rules.is_empty() || tokens == 0 {
            return;
        }
        let mut map = self.counters.lock().unwrap_or_else(|p| p.into_inner());
        let mut scopes: Vec<Scope> = Quotas::applicable(&rules, keys).map(|r| r.scope).collect();
        scopes.sort();
        scopes.dedup();
        for s in scopes {
            let c = map.entry((s, keys.key(s).to_string())).or_default();
            c.roll(now);
            c.minute.tokens += tokens;
            c.day.tokens += tokens;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_limit_and_reset() {
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
        assert!(q.admit(&k, 120).is_ok());
        assert!(q.admit(&k, 121).is_ok());
        let e = q.admit(&k, 130).unwrap_err();
        assert_eq!(e.retry_after, 50);
        assert!(q.admit(&k, 180).is_ok());
        // Replaced rules apply at once, to what was already counted.
        q.set_rules(vec![QuotaRule {
            requests_per_minute: Some(1),
            ..q.rules()[0].clone()
        }]);
        assert!(q.admit(&k, 181).is_err());
        q.set_rules(Vec::new());
        assert!(q.admit(&k, 182).is_ok());
        assert_eq!(Scope::parse("org"), Some(Scope::Org));
        assert_eq!(Scope::parse(Scope::Model.as_str()), Some(Scope::Model));
        assert_eq!(Scope::parse("team"), None);
    }

    #[test]
    fn reservations_bound_parallel_calls_and_settle_to_the_real_usage() {
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
        let a = q.admit_reserving(&k, 0, 4100).unwrap();
        let b = q.admit_reserving(&k, 1, 4100).unwrap();
        assert_eq!(
            q.admit_reserving(&k, 2, 4100).unwrap_err().limit,
            "tokens_per_minute"
        );
        // A call that failed releases its reservation; one that ended counts its real usage.
        drop(b);
        a.settle(100, 3);
        let c = q.admit_reserving(&k, 4, 4100).unwrap();
        assert_eq!(c.tokens(), 4100);
        c.settle(4900, 5);
        assert!(q.admit_reserving(&k, 6, 1).is_err());
        // The next minute starts empty.
        assert!(q.admit_reserving(&k, 60, 1).is_ok());
    }
}
