//! Quota counters in PostgreSQL, shared by every gateway instance ([`SharedCounters`]).
//!
//! `quota_counters` holds one row per scope and key (the minute's and the day's requests and
//! tokens, each with the start of its window); `quota_reservations` one row per admitted call
//! in flight and counter (the tokens it holds). An admission is one transaction: it creates the
//! missing counter rows, locks every row it reads (`FOR UPDATE`, in one order, so two
//! admissions never deadlock), sums the live reservations, applies
//! [`first_exceeded`](crate::quota::first_exceeded), then counts the request and inserts its
//! reservation. Two instances admitting for the same key therefore take turns on the row lock,
//! and every admission sees the counts of all that committed before it: the limits are exact
//! across instances. A reservation left by an instance that died counts for
//! [`RESERVATION_TTL`] seconds, then no longer (and is deleted by a later settlement).

use sqlx::{PgPool, Row};

use crate::quota::{Counted, QuotaExceeded, RuleCheck, Scope, SharedCounters, first_exceeded};
use crate::store::{BoxFuture, StoreError};

/// How long a reservation counts when its call never ends (its instance died), in seconds.
pub const RESERVATION_TTL: i64 = 600;

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

/// Locks the counter rows of `(scopes, keys)` in one order and reads them with the live
/// reservations, rolled to the windows of `now`.
async fn lock_and_read(
    c: &mut sqlx::PgConnection,
    scopes: &[String],
    keys: &[String],
    now: i64,
) -> Result<Vec<((String, String), Counted)>, StoreError> {
    let (minute, day) = crate::quota::windows(now);
    let rows = sqlx::query(
        "SELECT c.scope, c.key, \
           CASE WHEN c.minute_start = $3 THEN c.minute_requests ELSE 0 END AS minute_requests, \
           CASE WHEN c.minute_start = $3 THEN c.minute_tokens ELSE 0 END AS minute_tokens, \
           CASE WHEN c.day_start = $4 THEN c.day_requests ELSE 0 END AS day_requests, \
           CASE WHEN c.day_start = $4 THEN c.day_tokens ELSE 0 END AS day_tokens \
         FROM quota_counters c JOIN UNNEST($1::text[], $2::text[]) AS u(scope, key) \
           ON c.scope = u.scope AND c.key = u.key \
         ORDER BY c.scope COLLATE \"C\", c.key COLLATE \"C\" FOR UPDATE OF c",
    )
    .bind(scopes)
    .bind(keys)
    .bind(minute)
    .bind(day)
    .fetch_all(&mut *c)
    .await?;
    let reserved = sqlx::query(
        "SELECT r.scope, r.key, SUM(r.tokens)::BIGINT AS tokens \
         FROM quota_reservations r JOIN UNNEST($1::text[], $2::text[]) AS u(scope, key) \
           ON r.scope = u.scope AND r.key = u.key \
         WHERE r.at > $3 GROUP BY r.scope, r.key",
    )
    .bind(scopes)
    .bind(keys)
    .bind(now - RESERVATION_TTL)
    .fetch_all(&mut *c)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let key: (String, String) = (r.try_get("scope")?, r.try_get("key")?);
        let mut held = 0;
        for x in &reserved {
            if x.try_get::<String, _>("scope")? == key.0 && x.try_get::<String, _>("key")? == key.1
            {
                held = x.try_get::<i64, _>("tokens")?;
            }
        }
        let counted = Counted {
            minute_requests: non_negative(r.try_get("minute_requests")?),
            day_requests: non_negative(r.try_get("day_requests")?),
            minute_tokens: non_negative(r.try_get("minute_tokens")?),
            day_tokens: non_negative(r.try_get("day_tokens")?),
            reserved: non_negative(held),
        };
        out.push((key, counted));
    }
    Ok(out)
}

/// Adds `requests` and `tokens` to the (locked) counters, rolling their windows to `now`.
async fn add(
    c: &mut sqlx::PgConnection,
    scopes: &[String],
    keys: &[String],
    now: i64,
    requests: i64,
    tokens: i64,
) -> Result<(), StoreError> {
    let (minute, day) = crate::quota::windows(now);
    sqlx::query(
        "UPDATE quota_counters AS c SET \
           minute_requests = CASE WHEN c.minute_start = $3 THEN c.minute_requests ELSE 0 END + $5, \
           minute_tokens = CASE WHEN c.minute_start = $3 THEN c.minute_tokens ELSE 0 END + $6, \
           day_requests = CASE WHEN c.day_start = $4 THEN c.day_requests ELSE 0 END + $5, \
           day_tokens = CASE WHEN c.day_start = $4 THEN c.day_tokens ELSE 0 END + $6, \
           minute_start = $3, day_start = $4 \
         FROM UNNEST($1::text[], $2::text[]) AS u(scope, key) \
         WHERE c.scope = u.scope AND c.key = u.key",
    )
    .bind(scopes)
    .bind(keys)
    .bind(minute)
    .bind(day)
    .bind(requests)
    .bind(tokens)
    .execute(&mut *c)
    .await?;
    Ok(())
}

impl PgCounters {
    async fn admit_tx(
        &self,
        checks: &[RuleCheck],
        now: i64,
        tokens: u64,
    ) -> Result<Result<i64, QuotaExceeded>, StoreError> {
        let (scopes, keys) = counters_of(checks);
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO quota_counters (scope, key) \
             SELECT * FROM UNNEST($1::text[], $2::text[]) ON CONFLICT DO NOTHING",
        )
        .bind(&scopes)
        .bind(&keys)
        .execute(&mut *tx)
        .await?;
        let counted = lock_and_read(&mut tx, &scopes, &keys, now).await?;
        for check in checks {
            let (scope, key) = (check.counter.0.as_str(), check.counter.1.as_str());
            let Some((_, c)) = counted.iter().find(|(k, _)| k.0 == scope && k.1 == key) else {
                return Err(StoreError::Invalid {
                    field: "quota counter",
                    reason: format!("no row for {scope} {key:?}"),
                });
            };
            if let Some(q) = first_exceeded(&check.rule, c, now) {
                // Dropping the transaction rolls back: nothing was counted.
                return Ok(Err(q));
            }
        }
        add(&mut tx, &scopes, &keys, now, 1, 0).await?;
        let id: i64 = sqlx::query_scalar(
            "WITH id AS (SELECT nextval('quota_reservation_ids') AS id) \
             INSERT INTO quota_reservations (reservation, scope, key, tokens, at) \
             SELECT id.id, u.scope, u.key, $3, $4 FROM id, UNNEST($1::text[], $2::text[]) AS u(scope, key) \
             RETURNING reservation",
        )
        .bind(&scopes)
        .bind(&keys)
        .bind(as_i64(tokens))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Ok(id))
    }

    async fn settle_tx(&self, id: i64, used: Option<u64>, now: i64) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        let rows = sqlx::query(
            "DELETE FROM quota_reservations WHERE reservation = $1 OR at <= $2 \
             RETURNING reservation, scope, key",
        )
        .bind(id)
        .bind(now - RESERVATION_TTL)
        .fetch_all(&mut *tx)
        .await?;
        let mut mine: Vec<(String, String)> = Vec::new();
        for r in &rows {
            if r.try_get::<i64, _>("reservation")? == id {
                mine.push((r.try_get("scope")?, r.try_get("key")?));
            }
        }
        if let Some(used) = used.filter(|&u| u > 0 && !mine.is_empty()) {
            mine.sort_by(|a, b| {
                (a.0.as_bytes(), a.1.as_bytes()).cmp(&(b.0.as_bytes(), b.1.as_bytes()))
            });
            let (scopes, keys): (Vec<String>, Vec<String>) = mine.into_iter().unzip();
            lock_and_read(&mut tx, &scopes, &keys, now).await?;
            add(&mut tx, &scopes, &keys, now, 0, as_i64(used)).await?;
        }
        tx.commit().await?;
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
