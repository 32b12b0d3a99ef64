//! Limits on what an unauthenticated or slow client can cost the gateway.
//!
//! - [`LimitsConfig`]: the `[limits]` table of `gateway.toml` (listener timeouts, the connection
//!   cap, the failed-authentication limiter).
//! - [`AuthLimiter`]: failed authentications per source address (IPv4 address, IPv6 /64) in a
//!   token bucket. A source with tokens left gets 401; one without gets 429 until its bucket
//!   refills. Successful authentications never touch it. The first failures are audited one by
//!   one (within a global budget); the rest are counted and written as periodic summary entries
//!   ("N failures from S in the interval"), at most [`SUMMARY_SOURCES`] + 1 per interval. The
//!   map of sources is bounded ([`LimitsConfig::auth_failure_sources`]): idle sources are dropped
//!   first, then the least recently seen, whose counts move to the "other sources" summary.
//! - [`RequestContext`]: the peer address, method and path of the request being handled, set by
//!   [`request_context`] (a middleware over the whole router) for the audit helpers.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::Response;
use serde::Deserialize;

use crate::config::ConfigError;

/// The `[limits]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LimitsConfig {
    /// A connection that has not sent a whole request head within this time is closed (also
    /// an idle keep-alive connection).
    pub header_read_timeout_secs: u64,
    /// The whole request body must arrive within this time (408 on the proxy routes; the
    /// connection is then closed). The proxy authenticates before it reads any of the body.
    pub body_read_timeout_secs: u64,
    /// Connections served at once; further ones wait in the listen backlog.
    pub max_connections: usize,
    /// Failed authentications a source may make at once before it gets 429.
    pub auth_failure_burst: u32,
    /// Failed authentications a source earns back per minute.
    pub auth_failures_per_minute: u32,
    /// Sources whose failures are tracked at once (the limiter's memory bound).
    pub auth_failure_sources: usize,
    /// Interval of the summary entries of failures that were not audited one by one.
    pub auth_failure_summary_secs: u64,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            header_read_timeout_secs: 30,
            body_read_timeout_secs: 60,
            max_connections: 4096,
            auth_failure_burst: 20,
            auth_failures_per_minute: 10,
            auth_failure_sources: 4096,
            auth_failure_summary_secs: 60,
        }
    }
}

impl LimitsConfig {
    pub(crate) fn check(&self) -> Result<(), ConfigError> {
        let bad = |m: &str| Err(ConfigError::Invalid(format!("[limits] {m}")));
        if self.header_read_timeout_secs == 0 || self.body_read_timeout_secs == 0 {
            return bad("timeouts must be > 0");
        }
        if self.max_connections == 0 || self.auth_failure_sources == 0 {
            return bad("max_connections and auth_failure_sources must be > 0");
        }
        if self.auth_failure_burst == 0 || self.auth_failure_summary_secs == 0 {
            return bad("auth_failure_burst and auth_failure_summary_secs must be > 0");
        }
        Ok(())
    }
}

/// Sources named in the summary of one interval; the others are added up in one entry.
pub const SUMMARY_SOURCES: usize = 20;
/// Failures audited one by one, over all sources: burst and per minute.
const AUDIT_BURST: f64 = 100.0;
const AUDIT_PER_MINUTE: f64 = 60.0;

/// What to do with one failed authentication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureVerdict {
    /// 401, and an audit entry of its own.
    Audit,
    /// 401, counted in the next summary entry.
    Count,
    /// 429 (retry after this many seconds), counted in the next summary entry.
    Limited(u64),
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    refilled: Instant,
    /// Failures in this interval not audited one by one.
    counted: u64,
    /// Of these, answered 429.
    limited: u64,
}

/// Failures of one source in one interval that were not audited one by one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSummary {
    /// The source (`203.0.113.7`, `2001:db8::/64`, `other sources (N)`, `unknown`).
    pub source: String,
    /// Failed authentications.
    pub failures: u64,
    /// Of these, answered 429.
    pub limited: u64,
}

#[derive(Debug)]
struct Inner {
    sources: HashMap<String, Bucket>,
    audit_tokens: f64,
    audit_refilled: Instant,
    interval_start: Instant,
    /// Counts of sources dropped from the map during the interval.
    evicted: (u64, u64, u64),
}

/// Failed authentications per source (see the module documentation).
#[derive(Debug)]
pub struct AuthLimiter {
    cfg: LimitsConfig,
    inner: Mutex<Inner>,
}

/// The key of a source: the IPv4 address, or the /64 of an IPv6 address (one host owns a /64).
pub fn source_key(ip: Option<IpAddr>) -> String {
    match ip.map(|ip| ip.to_canonical()) {
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => {
            let s = v6.segments();
            let net = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
            format!("{net}/64")
        }
        None => "unknown".into(),
    }
}

impl AuthLimiter {
    /// A limiter with these settings.
    pub fn new(cfg: &LimitsConfig) -> AuthLimiter {
        let now = Instant::now();
        AuthLimiter {
            cfg: cfg.clone(),
            inner: Mutex::new(Inner {
                sources: HashMap::new(),
                audit_tokens: AUDIT_BURST,
                audit_refilled: now,
                interval_start: now,
                evicted: (0, 0, 0),
            }),
        }
    }

    fn burst(&self) -> f64 {
        f64::from(self.cfg.auth_failure_burst)
    }

    fn per_sec(&self) -> f64 {
        f64::from(self.cfg.auth_failures_per_minute) / 60.0
    }

    fn refill(&self, b: &mut Bucket, now: Instant) {
        let dt = now.saturating_duration_since(b.refilled).as_secs_f64();
        b.tokens = (b.tokens + dt * self.per_sec()).min(self.burst());
        b.refilled = now;
    }

    /// Makes room for one more source: drops idle ones (bucket full, nothing counted), then
    /// the least recently refilled, whose counts move to the "other sources" total.
    fn make_room(&self, inner: &mut Inner, now: Instant) {
        let (burst, per_sec) = (self.burst(), self.per_sec());
        inner.sources.retain(|_, b| {
            let dt = now.saturating_duration_since(b.refilled).as_secs_f64();
            b.counted > 0 || b.tokens + dt * per_sec < burst
        });
        while inner.sources.len() >= self.cfg.auth_failure_sources {
            let Some(oldest) = inner
                .sources
                .iter()
                .min_by_key(|(_, b)| b.refilled)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some(b) = inner.sources.remove(&oldest) {
                inner.evicted.0 += b.counted;
                inner.evicted.1 += b.limited;
                inner.evicted.2 += u64::from(b.counted > 0);
            }
        }
    }

    /// Records one failed authentication from `source` (see [`source_key`]).
    pub fn on_failure(&self, source: &str, now: Instant) -> FailureVerdict {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if !inner.sources.contains_key(source)
            && inner.sources.len() >= self.cfg.auth_failure_sources
        {
            self.make_room(&mut inner, now);
        }
        let fresh = Bucket {
            tokens: self.burst(),
            refilled: now,
            counted: 0,
            limited: 0,
        };
        let mut b = *inner.sources.get(source).unwrap_or(&fresh);
        self.refill(&mut b, now);
        let verdict = if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            let dt = now
                .saturating_duration_since(inner.audit_refilled)
                .as_secs_f64();
            inner.audit_tokens =
                (inner.audit_tokens + dt * AUDIT_PER_MINUTE / 60.0).min(AUDIT_BURST);
            inner.audit_refilled = now;
            if inner.audit_tokens >= 1.0 {
                inner.audit_tokens -= 1.0;
                FailureVerdict::Audit
            } else {
                FailureVerdict::Count
            }
        } else {
            let per_sec = self.per_sec();
            let wait = if per_sec > 0.0 {
                ((1.0 - b.tokens) / per_sec).ceil() as u64
            } else {
                self.cfg.auth_failure_summary_secs
            };
            FailureVerdict::Limited(wait.max(1))
        };
        match verdict {
            FailureVerdict::Audit => {}
            FailureVerdict::Count => b.counted += 1,
            FailureVerdict::Limited(_) => {
                b.counted += 1;
                b.limited += 1;
            }
        }
        inner.sources.insert(source.to_string(), b);
        verdict
    }

    /// If the summary interval has passed, ends it: the failures of the interval that were not
    /// audited one by one, the [`SUMMARY_SOURCES`] largest sources by name and the rest added
    /// up, with the interval's length. `None` while the interval runs.
    /// With `force`, ends the interval now (at shutdown).
    pub fn take_summary(
        &self,
        now: Instant,
        force: bool,
    ) -> Option<(Vec<SourceSummary>, Duration)> {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let len = now.saturating_duration_since(inner.interval_start);
        if !force && len < Duration::from_secs(self.cfg.auth_failure_summary_secs) {
            return None;
        }
        inner.interval_start = now;
        let mut rows: Vec<SourceSummary> = Vec::new();
        for (k, b) in inner.sources.iter_mut() {
            if b.counted > 0 {
                rows.push(SourceSummary {
                    source: k.clone(),
                    failures: b.counted,
                    limited: b.limited,
                });
                b.counted = 0;
                b.limited = 0;
            }
        }
        rows.sort_by(|a, b| b.failures.cmp(&a.failures).then(a.source.cmp(&b.source)));
        let (mut f, mut l, mut n) = std::mem::take(&mut inner.evicted);
        for r in rows.iter().skip(SUMMARY_SOURCES) {
            f += r.failures;
            l += r.limited;
            n += 1;
        }
        rows.truncate(SUMMARY_SOURCES);
        if f > 0 {
            rows.push(SourceSummary {
                source: format!("other sources ({n})"),
                failures: f,
                limited: l,
            });
        }
        Some((rows, len))
    }

    /// Sources tracked now (for tests of the memory bound).
    pub fn tracked_sources(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .sources
            .len()
    }
}

/// The request being handled: peer address, method and path.
#[derive(Debug, Clone)]
pub struct RequestContext {
    /// The peer's address, when the listener knows it.
    pub peer: Option<SocketAddr>,
    /// `GET`, `POST`...
    pub method: String,
    /// The path (no query string).
    pub path: String,
}

tokio::task_local! {
    static CONTEXT: RequestContext;
}

/// The request being handled by this task, if it came through the router.
pub fn current_request() -> Option<RequestContext> {
    CONTEXT.try_with(Clone::clone).ok()
}

/// Middleware: runs the handler with the [`RequestContext`] of its request set, and gives the
/// request body a deadline ([`LimitsConfig::body_read_timeout_secs`], counted from here).
pub(crate) async fn request_context(
    axum::extract::State(body_timeout): axum::extract::State<Duration>,
    req: Request,
    next: Next,
) -> Response {
    let ctx = RequestContext {
        peer: req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0),
        method: req.method().as_str().to_string(),
        path: req.uri().path().to_string(),
    };
    let req = req.map(|b| deadline_body(b, tokio::time::Instant::now() + body_timeout));
    CONTEXT.scope(ctx, next.run(req)).await
}

/// The error of a request body that did not arrive in time.
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive within the time limit")]
pub struct BodyTimeout;

/// `body`, failing with [`BodyTimeout`] once `deadline` passes.
fn deadline_body(body: axum::body::Body, deadline: tokio::time::Instant) -> axum::body::Body {
    use futures_util::StreamExt;
    let stream = body.into_data_stream();
    let s = futures_util::stream::unfold(Some(stream), move |state| async move {
        let mut stream = state?;
        match tokio::time::timeout_at(deadline, stream.next()).await {
            Ok(Some(item)) => Some((item, Some(stream))),
            Ok(None) => None,
            Err(_) => Some((Err(axum::Error::new(BodyTimeout)), None)),
        }
    });
    axum::body::Body::from_stream(s)
}

/// Whether a body error is (or wraps) a [`BodyTimeout`].
pub fn is_body_timeout(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if err.is::<BodyTimeout>() {
            return true;
        }
        cur = err.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(sources: usize) -> LimitsConfig {
        LimitsConfig {
            auth_failure_burst: 3,
            auth_failures_per_minute: 60,
            auth_failure_sources: sources,
            auth_failure_summary_secs: 10,
            ..LimitsConfig::default()
        }
    }

    #[test]
    fn bucket_refills_and_limits() {
        let l = AuthLimiter::new(&cfg(10));
        let t = Instant::now();
        for _ in 0..3 {
            assert_eq!(l.on_failure("a", t), FailureVerdict::Audit);
        }
        assert_eq!(l.on_failure("a", t), FailureVerdict::Limited(1));
        // Another source is not affected; one second later "a" has one token again.
        assert_eq!(l.on_failure("b", t), FailureVerdict::Audit);
        let t1 = t + Duration::from_secs(1);
        assert_eq!(l.on_failure("a", t1), FailureVerdict::Audit);
        assert!(l.take_summary(t1, false).is_none());
        let (rows, _) = l.take_summary(t + Duration::from_secs(10), false).unwrap();
        assert_eq!(
            rows,
            vec![SourceSummary {
                source: "a".into(),
                failures: 1,
                limited: 1
            }]
        );
    }

    #[test]
    fn memory_is_bounded_and_counts_survive_eviction() {
        let l = AuthLimiter::new(&cfg(8));
        let t = Instant::now();
        for i in 0..1000u32 {
            for _ in 0..5 {
                l.on_failure(&format!("s{i}"), t + Duration::from_millis(u64::from(i)));
            }
            assert!(l.tracked_sources() <= 8);
        }
        let (rows, _) = l.take_summary(t + Duration::from_secs(60), false).unwrap();
        assert!(rows.len() <= SUMMARY_SOURCES + 1);
        // Each source made 5 failures, 3 within its burst: the 2 others of each were counted,
        // plus the failures over the global budget of individual entries.
        let total: u64 = rows.iter().map(|r| r.failures).sum();
        let limited: u64 = rows.iter().map(|r| r.limited).sum();
        assert_eq!(limited, 2000);
        assert!(total >= 2000 + 3000 - AUDIT_BURST as u64 - 60);
    }

    #[test]
    fn source_keys() {
        assert_eq!(source_key(Some("10.1.2.3".parse().unwrap())), "10.1.2.3");
        assert_eq!(
            source_key(Some("2001:db8:1:2:3:4:5:6".parse().unwrap())),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            source_key(Some("::ffff:10.1.2.3".parse().unwrap())),
            "10.1.2.3"
        );
        assert_eq!(source_key(None), "unknown");
    }
}
