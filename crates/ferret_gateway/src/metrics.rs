//! Prometheus metrics, rendered by hand in the text exposition format.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};

const BUCKETS_MS: [f64; 12] = [
    0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 50.0, 100.0, 500.0, 1000.0, 10000.0,
];

/// A histogram of milliseconds.
#[derive(Debug, Default)]
pub struct Histogram {
    buckets: [AtomicU64; 12],
    count: AtomicU64,
    sum_us: AtomicU64,
}

impl Histogram {
    /// Records one observation.
    pub fn observe(&self, ms: f64) {
        for (i, b) in BUCKETS_MS.iter().enumerate() {
            if ms <= *b {
                self.buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_us
            .fetch_add((ms * 1000.0) as u64, Ordering::Relaxed);
    }

    fn render(&self, name: &str, help: &str, out: &mut String) {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} histogram");
        for (i, b) in BUCKETS_MS.iter().enumerate() {
            let _ = writeln!(
                out,
                "{name}_bucket{{le=\"{}\"}} {}",
                b / 1000.0,
                self.buckets[i].load(Ordering::Relaxed)
            );
        }
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {count}");
        let _ = writeln!(
            out,
            "{name}_sum {}",
            self.sum_us.load(Ordering::Relaxed) as f64 / 1e6
        );
        let _ = writeln!(out, "{name}_count {count}");
    }
}

/// The gateway's metrics.
#[derive(Debug, Default)]
pub struct Metrics {
    /// Proxied requests received.
    pub requests: AtomicU64,
    /// Decisions: allow.
    pub allow: AtomicU64,
    /// Decisions: deny by policy.
    pub deny: AtomicU64,
    /// Refused by quota.
    pub quota: AtomicU64,
    /// Authentication failures.
    pub unauthenticated: AtomicU64,
    /// Of these, answered 429 (the source was over its limit of failures).
    pub auth_limited: AtomicU64,
    /// Upstream errors.
    pub upstream_errors: AtomicU64,
    /// Audit append failures.
    pub audit_failures: AtomicU64,
    /// Upstream latency to response headers.
    pub upstream_latency: Histogram,
    /// Gateway overhead (time spent before forwarding and after the upstream answered).
    pub overhead: Histogram,
}

impl Metrics {
    /// The exposition text, with the listener's open connections (now, most at once).
    pub fn render(&self, connections: (u64, u64)) -> String {
        let mut out = String::new();
        let c = |v: &AtomicU64| v.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "# HELP ferret_gateway_requests_total Proxied requests received.\n# TYPE ferret_gateway_requests_total counter\nferret_gateway_requests_total {}",
            c(&self.requests)
        );
        let _ = writeln!(
            out,
            "# HELP ferret_gateway_decisions_total Outcomes of proxied requests.\n# TYPE ferret_gateway_decisions_total counter"
        );
        for (k, v) in [
            ("allow", &self.allow),
            ("deny", &self.deny),
            ("quota", &self.quota),
            ("unauthenticated", &self.unauthenticated),
        ] {
            let _ = writeln!(
                out,
                "ferret_gateway_decisions_total{{outcome=\"{k}\"}} {}",
                c(v)
            );
        }
        let _ = writeln!(
            out,
            "# HELP ferret_gateway_upstream_errors_total Upstream connection or timeout errors.\n# TYPE ferret_gateway_upstream_errors_total counter\nferret_gateway_upstream_errors_total {}",
            c(&self.upstream_errors)
        );
        let _ = writeln!(
            out,
            "# HELP ferret_gateway_audit_failures_total Failed audit appends (each failed its request).\n# TYPE ferret_gateway_audit_failures_total counter\nferret_gateway_audit_failures_total {}",
            c(&self.audit_failures)
        );
        let _ = writeln!(
            out,
            "# HELP ferret_gateway_auth_limited_total Failed authentications answered 429 (source over its limit).\n# TYPE ferret_gateway_auth_limited_total counter\nferret_gateway_auth_limited_total {}",
            c(&self.auth_limited)
        );
        let _ = writeln!(
            out,
            "# HELP ferret_gateway_open_connections Connections open now.\n# TYPE ferret_gateway_open_connections gauge\nferret_gateway_open_connections {}",
            connections.0
        );
        let _ = writeln!(
            out,
            "# HELP ferret_gateway_peak_connections Most connections open at once since start.\n# TYPE ferret_gateway_peak_connections gauge\nferret_gateway_peak_connections {}",
            connections.1
        );
        self.upstream_latency.render(
            "ferret_gateway_upstream_latency_seconds",
            "Time to upstream response headers.",
            &mut out,
        );
        self.overhead.render(
            "ferret_gateway_overhead_seconds",
            "Time the gateway adds (identity, policy, quota, audit).",
            &mut out,
        );
        out
    }
}
