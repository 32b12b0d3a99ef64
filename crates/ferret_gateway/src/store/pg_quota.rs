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
//! [`SWEEP_EVERY`] sweeps).
//!
//! Settlements are written in groups: a settlement waits in a queue for at most
//! [`SETTLE_LINGER`], and one call of `ferret_quota_settle_many` (migration 8) then settles
//! everything queued, locking each counter once. Until then the call's reservation still
//! counts in full, so a delay can only refuse early, never admit more than the limits allow;
//! what it saves is a transaction and a lock on the hot counter row per call, which an
//! admission for the same key would otherwise wait for. Settlements still queued when the
//! process dies are lost, and their reservations count until [`RESERVATION_TTL`], as those of
//! calls in flight do.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use sqlx::{PgPool, Row};
use tokio::sync::{mpsc, oneshot};

use crate::quota::{Counted, QuotaExceeded, RuleCheck, Scope, SharedCounters, first_exceeded};
use crate::store::{BoxFuture, StoreError};

/// How long a reservation counts when its call never ends (its instance died), in seconds.
pub const RESERVATION_TTL: i64 = 600;

/// One settlement in this many also deletes the stale reservations (a scan of the table).
pub const SWEEP_EVERY: i64 = 256;

/// How long a settlement may wait for others to be written with it.
pub const SETTLE_LINGER: Duration = Duration::from_millis(10);

/// The most settlements written in one call.
const SETTLE_BATCH: usize = 512;

/// A settlement waiting for its group: reservation, tokens used, when the call ended.
struct Settlement {
    id: i64,
    used: u64,
    now: i64,
    done: oneshot::Sender<Result<(), String>>,
}

/// The shared counters over a PostgreSQL pool.
#[derive(Debug, Clone)]
pub struct PgCounters {
    pool: PgPool,
    /// The queue of the group settler, started by the first settlement.
    settler: Arc<OnceLock<mpsc::Sender<Settlement>>>,
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
    /// Counters over `pool`.
    pub(super) fn new(pool: PgPool) -> PgCounters {
        PgCounters {
            pool,
            settler: Arc::new(OnceLock::new()),
        }
    }

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

    /// Queues a settlement for the group settler and waits until its group is written.
    async fn settle_queued(&self, id: i64, used: Option<u64>, now: i64) -> Result<(), StoreError> {
        let queue = self.settler.get_or_init(|| {
            let (tx, rx) = mpsc::channel(4 * SETTLE_BATCH);
            tokio::spawn(settler(self.pool.clone(), rx));
            tx
        });
        let (done, answer) = oneshot::channel();
        let s = Settlement {
            id,
            used: used.unwrap_or(0),
            now,
            done,
        };
        let stopped = || StoreError::Invalid {
            field: "quota settlement",
            reason: "the settler has stopped".into(),
        };
        queue.send(s).await.map_err(|_| stopped())?;
        answer
            .await
            .map_err(|_| stopped())?
            .map_err(|reason| StoreError::Invalid {
                field: "quota settlement",
                reason,
            })
    }
}

/// The group settler: waits for a settlement, gathers those that arrive within
/// [`SETTLE_LINGER`] (at most [`SETTLE_BATCH`]), writes them in one call and answers each.
async fn settler(pool: PgPool, mut rx: mpsc::Receiver<Settlement>) {
    let mut batch: Vec<Settlement> = Vec::with_capacity(SETTLE_BATCH);
    while rx.recv_many(&mut batch, SETTLE_BATCH).await > 0 {
        let deadline = tokio::time::Instant::now() + SETTLE_LINGER;
        while batch.len() < SETTLE_BATCH {
            let room = SETTLE_BATCH - batch.len();
            match tokio::time::timeout_at(deadline, rx.recv_many(&mut batch, room)).await {
                Ok(n) if n > 0 => {}
                _ => break,
            }
        }
        // A failure is logged by each waiting caller.
        let result = settle_many(&pool, &batch).await.map_err(|e| e.to_string());
        for s in batch.drain(..) {
            let _ = s.done.send(result.clone());
        }
    }
}

/// One round trip: `ferret_quota_settle_many` removes the reservations of `batch` and counts
/// the tokens used under their counters, in the windows each call ended in. If one of the
/// reservation ids is a multiple of [`SWEEP_EVERY`] (a sequence hands them out across
/// instances), the call also removes the reservations that dead instances left behind, which
/// takes a scan of the table.
async fn settle_many(pool: &PgPool, batch: &[Settlement]) -> Result<(), StoreError> {
    let (mut ids, mut used, mut minutes, mut days) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut latest = i64::MIN;
    for s in batch {
        let (minute, day) = crate::quota::windows(s.now);
        ids.push(s.id);
        used.push(as_i64(s.used));
        minutes.push(minute);
        days.push(day);
        latest = latest.max(s.now);
    }
    let sweep = ids.iter().any(|id| id % SWEEP_EVERY == 0);
    let stale = sweep.then_some(latest - RESERVATION_TTL);
    sqlx::query("SELECT ferret_quota_settle_many($1, $2, $3, $4, $5)")
        .bind(ids)
        .bind(used)
        .bind(minutes)
        .bind(days)
        .bind(stale)
        .execute(pool)
        .await?;
    Ok(())
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
        Box::pin(self.settle_queued(reservation, used, now))
    }
}
