//! Reading the PostgreSQL log for export: its entries up to the latest signed checkpoint and its
//! checkpoints, as a [`ferret_audit::Snapshot`] (checked as opening a file log is), which
//! `ferret_audit::bundle::export` writes in the bundle format `ferret audit verify` reads.
//! Read-only: one `REPEATABLE READ, READ ONLY` transaction, so the entries and checkpoints are
//! of one instant.

use ferret_audit::{NoteVerifier, Snapshot};
use sqlx::postgres::PgConnection;
use sqlx::{Connection, Postgres, Row, Transaction};

use super::PgAuditError;

/// Entries read per query.
const CHUNK: i64 = 50_000;

/// A snapshot of the log, and how many committed entries are after its last checkpoint.
#[derive(Debug)]
pub struct Exported {
    /// The entries under signed checkpoints, and the checkpoints.
    pub snapshot: Snapshot,
    /// Committed entries after the latest signed checkpoint (not in the snapshot).
    pub unsigned: u64,
}

/// Errors of reading the log for export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The database, or the recorded key.
    #[error(transparent)]
    Db(#[from] PgAuditError),
    /// The stored log does not verify (an altered entry, or a checkpoint that is not the
    /// log's).
    #[error(transparent)]
    Log(#[from] ferret_audit::LogError),
    /// There is no log in this database.
    #[error("no audit log in this database (no audit_head row)")]
    NoLog,
}

impl From<sqlx::Error> for ExportError {
    fn from(e: sqlx::Error) -> ExportError {
        ExportError::Db(PgAuditError::Db(e))
    }
}

/// One consistent read of the log's tables: a `REPEATABLE READ, READ ONLY` transaction on
/// `conn`, once the tables are known to exist.
async fn snapshot(conn: &mut PgConnection) -> Result<Transaction<'_, Postgres>, ExportError> {
    let mut tx = conn.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *tx)
        .await?;
    let exists: bool = sqlx::query_scalar("SELECT to_regclass('audit_head') IS NOT NULL")
        .fetch_one(&mut *tx)
        .await?;
    if !exists {
        return Err(ExportError::NoLog);
    }
    Ok(tx)
}

/// Reads the log in the database at `url`.
pub async fn read(url: &str) -> Result<Exported, ExportError> {
    let mut conn = PgConnection::connect(url).await?;
    let mut tx = snapshot(&mut conn).await?;
    let head = sqlx::query("SELECT size, public_key FROM audit_head WHERE id = 1")
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(ExportError::NoLog)?;
    let size: i64 = head.try_get(0)?;
    let key: String = head.try_get(1)?;
    let verifier = NoteVerifier::parse(&key).map_err(PgAuditError::from)?;
    let notes: Vec<String> =
        sqlx::query_scalar("SELECT note FROM audit_checkpoints ORDER BY tree_size")
            .fetch_all(&mut *tx)
            .await?;
    let signed: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(tree_size), 0) FROM audit_checkpoints")
            .fetch_one(&mut *tx)
            .await?;
    let mut entries = Vec::with_capacity(signed as usize);
    while (entries.len() as i64) < signed {
        let from = entries.len() as i64;
        let rows = sqlx::query(
            "SELECT idx, entry, ts FROM audit_entries WHERE idx >= $1 AND idx < $2
             ORDER BY idx LIMIT $3",
        )
        .bind(from)
        .bind(signed)
        .bind(CHUNK)
        .fetch_all(&mut *tx)
        .await?;
        if rows.is_empty() {
            break;
        }
        for r in rows {
            let idx: i64 = r.try_get(0)?;
            if idx != entries.len() as i64 {
                return Err(ExportError::Log(ferret_audit::LogError::Corrupt {
                    offset: entries.len() as u64,
                    detail: format!("entry {} is missing from the table", entries.len()),
                }));
            }
            entries.push((r.try_get::<Vec<u8>, _>(1)?, r.try_get::<i64, _>(2)?));
        }
    }
    tx.commit().await?;
    let snapshot = Snapshot::new(verifier, entries, &notes)?;
    Ok(Exported {
        unsigned: (size as u64).saturating_sub(snapshot.signed_size()),
        snapshot,
    })
}

/// Reads the log in the database at `url` as stored, without checks (for forensics on a log
/// that [`read`] refuses): every entry in index order, every checkpoint note in tree-size order,
/// and the public key recorded in `audit_head`. `ferret_audit::bundle::export_records` writes
/// them as a bundle in which `ferret audit verify` names the first damaged entry.
pub async fn read_raw(url: &str) -> Result<(NoteVerifier, ferret_audit::log::RawLog), ExportError> {
    let mut conn = PgConnection::connect(url).await?;
    let mut tx = snapshot(&mut conn).await?;
    let key: String = sqlx::query_scalar("SELECT public_key FROM audit_head WHERE id = 1")
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(ExportError::NoLog)?;
    let verifier = NoteVerifier::parse(&key).map_err(PgAuditError::from)?;
    let notes: Vec<String> =
        sqlx::query_scalar("SELECT note FROM audit_checkpoints ORDER BY tree_size")
            .fetch_all(&mut *tx)
            .await?;
    let mut entries = Vec::new();
    let mut after = -1i64;
    loop {
        let rows = sqlx::query(
            "SELECT idx, entry FROM audit_entries WHERE idx > $1 ORDER BY idx LIMIT $2",
        )
        .bind(after)
        .bind(CHUNK)
        .fetch_all(&mut *tx)
        .await?;
        if rows.is_empty() {
            break;
        }
        for r in rows {
            after = r.try_get(0)?;
            entries.push(r.try_get::<Vec<u8>, _>(1)?);
        }
    }
    tx.commit().await?;
    Ok((verifier, ferret_audit::log::RawLog { entries, notes }))
}
