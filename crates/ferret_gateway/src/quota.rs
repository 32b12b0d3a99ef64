//! Quotas: requests and tokens per organisation, user and model, per minute and per day.
//!
//! Counters live in memory (one gateway instance); the usage table in the store keeps the
//! history. Requests are counted when admitted; tokens when the upstream reports its usage.

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
    counters: Mutex<HashMap<(Scope, String), Counters>>,
}

impl Quotas {
    /// A book with these rules.
    pub fn new(rules: Vec<QuotaRule>) -> Quotas {
        Quotas {
            rules: RwLock::new(Arc::new(rules)),
            counters: Mutex::new(HashMap::new()),
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
        let rules = self.rules();
        if rules.is_empty() {
            return Ok(());
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
                    c.minute.tokens,
                    "tokens_per_minute",
                    to_minute,
                ),
                (r.tokens_per_day, c.day.tokens, "tokens_per_day", to_day),
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
        for s in scopes {
            let c = map.entry((s, keys.key(s).to_string())).or_default();
            c.minute.requests += 1;
            c.day.requests += 1;
        }
        Ok(())
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
}
