//! Quota counters in PostgreSQL, shared by every gateway instance ([`SharedCounters`]).
//!
//! `quota_counters` holds one row per scope and key (the minute's and the day's requests and
//! tokens, each with the start of its window); `quota_reservations` one row per admitted call
//! in flight and counter (the tokens it holds). An admission is one transaction, run by the
//! function `ferret_quota_admit` (migration 6) in one round trip: it creates the missing counter
//! rows, locks every row it reads (`FOR UPDATE`, in one order, so two
//! admissions never deadlock), sums the live reservations, applies
//! [`first_exceeded`](crate::quota::first_exceeded), then counts the request and inserts its
//! reservation. Two instances admitting for the same key therefore take turns on the row lock,
//! and every admission sees the counts of all that committed before it: the limits are exact
//! across instances. A reservation left by an instance that died counts for
//! [`RESERVATION_TTL`] seconds, then no longer (and is deleted by a later settlement: one in
//! [`SWEEP_EVERY`] sweeps; each settlement is one call of `ferret_quota_settle`, migration 7).

use sqlx::{PgPool, Row};

use crate::quota::{Counted, QuotaExceeded, RuleCheck, Scope, SharedCounters, first_exceeded};
use crate::store::{BoxFuture, StoreError};

/// How long a reservation counts when its call never ends (its instance died), in seconds.
pub const RESERVATION_TTL: i64 = 600;

/// One settlement in this many also deletes the stale reservations (a scan of the table).
pub const SWEEP_EVERY: i64 = 256;

/// The shared counters over a PostgreSQL pool.
#[derive(Debug, Clone)]
pub struct PgCounters {
    pub(super) pool: PgPool,
}

/// The distinct counters of `checks`, sorted (the order rows are created and locked in).
fn counters_of(checks: &[RuleCheck]) -> (Vec<String>, Vec<String>) {
    let mut keys: Vec<(Scope, &str)> = checks
        .iter()
        .map(|c| (c.counter.0, c.counter.1.as_str()))
        .collect();
    keys.sort_by(|a, b| (a.0.as_str(), a.1).cmp(&(b.0.as_str(), b.1)));
    keys.dedup();
    keys.into_iter()
        .map(|(s, k)| (s.as_str().to_string(), k.to_string()))
        .unzip()
}

fn non_negative(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn as_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// The limits of `checks`, one array per limit (`None` where a rule has none), and each
/// check's counter as a 1-based index into the sorted distinct counters `(scopes, keys)`.
type Limits = (Vec<i32>, [Vec<Option<i64>>; 4]);

fn limits_of(checks: &[RuleCheck], scopes: &[String], keys: &[String]) -> Limits {
    let mut counter = Vec::with_capacity(checks.len());
    let mut limits: [Vec<Option<i64>>; 4] = Default::default();
    for check in checks {
        let (scope, key) = (check.counter.0.as_str(), check.counter.1.as_str());
        let at = scopes
            .iter()
            .zip(keys)
            .position(|(s, k)| s == scope && k == key)
            .unwrap_or(0);
        counter.push(i32::try_from(at + 1).unwrap_or(i32::MAX));
        let r = &check.rule;
        let each = [
            r.requests_per_minute,
            r.requests_per_day,
            r.tokens_per_minute,
            r.tokens_per_day,
        ];
        for (list, limit) in limits.iter_mut().zip(each) {
            list.push(limit.map(as_i64));
        }
    }
    (counter, limits)
}

impl PgCounters {
    /// One round trip: `ferret_quota_admit` (migration 6) runs the whole admission as one
    /// transaction, committed without waiting for the WAL flush (counters are not a record, the
    /// audit log is; a database crash can lose only the last milliseconds of counts). On a
    /// refusal it returns the check that failed and its counts, and the limit named in the
    /// refusal is the one [`first_exceeded`] finds in them.
    async fn admit_tx(
        &self,
        checks: &[RuleCheck],
        now: i64,
        tokens: u64,
    ) -> Result<Result<i64, QuotaExceeded>, StoreError> {
        let (scopes, keys) = counters_of(checks);
        let (counter, [rpm, rpd, tpm, tpd]) = limits_of(checks, &scopes, &keys);
        let (minute, day) = crate::quota::windows(now);
        let row = sqlx::query(
            "SELECT o_reservation, o_refused, o_minute_requests, o_minute_tokens, \
               o_day_requests, o_day_tokens, o_reserved \
             FROM ferret_quota_admit($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(&scopes)
        .bind(&keys)
        .bind(&counter)
        .bind(&rpm)
        .bind(&rpd)
        .bind(&tpm)
        .bind(&tpd)
        .bind(minute)
        .bind(day)
        .bind(now)
        .bind(as_i64(tokens))
        .bind(RESERVATION_TTL)
        .fetch_one(&self.pool)
        .await?;
        if let Some(id) = row.try_get::<Option<i64>, _>("o_reservation")? {
            return Ok(Ok(id));
        }
        let refused: i32 = row.try_get("o_refused")?;
        let counted = Counted {
            minute_requests: non_negative(row.try_get("o_minute_requests")?),
            minute_tokens: non_negative(row.try_get("o_minute_tokens")?),
            day_requests: non_negative(row.try_get("o_day_requests")?),
            day_tokens: non_negative(row.try_get("o_day_tokens")?),
            reserved: non_negative(row.try_get("o_reserved")?),
        };
        let check = usize::try_from(refused - 1)
            .ok()
            .and_then(|i| checks.get(i));
        check
            .and_then(|c| first_exceeded(&c.rule, &counted, now))
            .map(Err)
            .ok_or_else(|| StoreError::Invalid {
                field: "quota admission",
                reason: format!("the database refused check {refused} with counts {counted:?}"),
            })
    }

    /// One round trip: `ferret_quota_settle` removes the reservation and, if `used` is given,
    /// counts those tokens under its counters. One settlement in [`SWEEP_EVERY`] (by
    /// reservation id, which a sequence hands out across instances) also removes the
    /// reservations that dead instances left behind, which takes a scan of the table.
    async fn settle_tx(&self, id: i64, used: Option<u64>, now: i64) -> Result<(), StoreError> {
        let (minute, day) = crate::quota::windows(now);
        let stale = (id % SWEEP_EVERY == 0).then_some(now - RESERVATION_TTL);
        sqlx::query("SELECT ferret_quota_settle($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(as_i64(used.unwrap_or(0)))
            .bind(minute)
            .bind(day)
            .bind(stale)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

impl SharedCounters for PgCounters {
    fn admit<'a>(
        &'a self,
        checks: &'a [RuleCheck],
        now: i64,
        tokens: u64,
    ) -> BoxFuture<'a, Result<Result<i64, QuotaExceeded>, StoreError>> {
        Box::pin(self.admit_tx(checks, now, tokens))
    }

    fn settle(
        &self,
        reservation: i64,
        used: Option<u64>,
        now: i64,
    ) -> BoxFuture<'_, Result<(), StoreError>> {
        Box::pin(self.settle_tx(reservation, used, now))
    }
}
