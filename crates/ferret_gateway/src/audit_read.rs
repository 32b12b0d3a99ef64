//! The audit log as the `/audit/v1/` endpoints read it. [`LogReader`] is implemented by the
//! file log (one process on SQLite) and by the deployment's PostgreSQL log, so a regulator's
//! client sees the same API, checkpoints, proofs and bundles whichever the gateway runs on.
//!
//! Over PostgreSQL every instance answers: proofs come from the instance's own Merkle tree of
//! the committed entries (extended from the table when a request needs a larger tree), entries
//! and checkpoints are read from the database, and a checkpoint wanted now is signed by the
//! instance that asks (safe beside the elected signer: see [`crate::audit_pg::signer`]).

use std::sync::Arc;

use ferret_audit::merkle::Hash;
use ferret_audit::{ExportSource, Log, StoredCheckpoint};
use sqlx::Row;

use crate::audit_pg::{PgAuditLog, export, signer};
use crate::store::BoxFuture;

/// Why a read failed.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The request cannot be answered from this log (a range beyond it, an index not under the
    /// tree size asked for): the caller's mistake, 400.
    #[error("{0}")]
    Bad(String),
    /// The log could not be read (disk, database): 503.
    #[error("the audit log is unavailable: {0}")]
    Unavailable(String),
}

fn unavailable(e: impl std::fmt::Display) -> ReadError {
    ReadError::Unavailable(e.to_string())
}

/// What the exporter reads, shareable with a blocking task.
pub type Source = Arc<dyn ExportSource + Send + Sync>;

/// The reads of the `/audit/v1/` endpoints.
pub trait LogReader: Send + Sync {
    /// The verifier key of the log's checkpoints, as text.
    fn public_key(&self) -> String;
    /// The number of committed entries.
    fn size(&self) -> BoxFuture<'_, Result<u64, ReadError>>;
    /// The latest signed checkpoint.
    fn latest_checkpoint(&self) -> BoxFuture<'_, Result<Option<StoredCheckpoint>, ReadError>>;
    /// Signs a checkpoint over the entries not yet under one, if any; then the latest.
    fn sign_now(&self) -> BoxFuture<'_, Result<Option<StoredCheckpoint>, ReadError>>;
    /// The signed checkpoint of tree size `size`.
    fn checkpoint_at(
        &self,
        size: u64,
    ) -> BoxFuture<'_, Result<Option<StoredCheckpoint>, ReadError>>;
    /// The consistency proof between tree sizes `old` and `new`.
    fn consistency_proof(&self, old: u64, new: u64) -> BoxFuture<'_, Result<Vec<Hash>, ReadError>>;
    /// The inclusion proof of entry `index` in the tree of size `size`.
    fn inclusion_proof(&self, index: u64, size: u64)
    -> BoxFuture<'_, Result<Vec<Hash>, ReadError>>;
    /// The canonical bytes of entry `index`.
    fn entry(&self, index: u64) -> BoxFuture<'_, Result<Option<Vec<u8>>, ReadError>>;
    /// The indexes of the entries of one request id, in log order.
    fn find_request<'a>(
        &'a self,
        request_id: &'a str,
    ) -> BoxFuture<'a, Result<Vec<u64>, ReadError>>;
    /// What a bundle is exported from: the log itself, or a snapshot of it.
    fn export_source(&self) -> BoxFuture<'_, Result<Source, ReadError>>;
}

/// The file log, shared by the sink and the endpoints.
#[derive(Debug, Clone)]
pub struct FileReader(pub Arc<Log>);

impl LogReader for FileReader {
    fn public_key(&self) -> String {
        self.0.verifier().to_text()
    }

    fn size(&self) -> BoxFuture<'_, Result<u64, ReadError>> {
        Box::pin(async move { Ok(self.0.size()) })
    }

    fn latest_checkpoint(&self) -> BoxFuture<'_, Result<Option<StoredCheckpoint>, ReadError>> {
        Box::pin(async move { Ok(self.0.latest_checkpoint()) })
    }

    fn sign_now(&self) -> BoxFuture<'_, Result<Option<StoredCheckpoint>, ReadError>> {
        Box::pin(async move {
            match self.0.checkpoint().await.map_err(unavailable)? {
                Some(cp) => Ok(Some(cp)),
                None => Ok(self.0.latest_checkpoint()),
            }
        })
    }

    fn checkpoint_at(
        &self,
        size: u64,
    ) -> BoxFuture<'_, Result<Option<StoredCheckpoint>, ReadError>> {
        Box::pin(async move { Ok(self.0.checkpoint_at(size)) })
    }

    fn consistency_proof(&self, old: u64, new: u64) -> BoxFuture<'_, Result<Vec<Hash>, ReadError>> {
        Box::pin(async move {
            self.0
                .consistency_proof(old, new)
                .map_err(|e| ReadError::Bad(e.to_string()))
        })
    }

    fn inclusion_proof(
        &self,
        index: u64,
        size: u64,
    ) -> BoxFuture<'_, Result<Vec<Hash>, ReadError>> {
        Box::pin(async move { self.0.inclusion_proof(index, size).map_err(unavailable) })
    }

    fn entry(&self, index: u64) -> BoxFuture<'_, Result<Option<Vec<u8>>, ReadError>> {
        Box::pin(async move { self.0.entry(index).map_err(unavailable) })
    }

    fn find_request<'a>(
        &'a self,
        request_id: &'a str,
    ) -> BoxFuture<'a, Result<Vec<u64>, ReadError>> {
        Box::pin(async move { Ok(self.0.find_request(request_id)) })
    }

    fn export_source(&self) -> BoxFuture<'_, Result<Source, ReadError>> {
        Box::pin(async move { Ok(self.0.clone() as Source) })
    }
}

fn checkpoint_of(row: &sqlx::postgres::PgRow) -> Result<StoredCheckpoint, ReadError> {
    let size: i64 = row.try_get("tree_size").map_err(unavailable)?;
    let root: Vec<u8> = row.try_get("root").map_err(unavailable)?;
    Ok(StoredCheckpoint {
        size: u64::try_from(size).unwrap_or(0),
        root: Hash::try_from(root.as_slice()).map_err(unavailable)?,
        note: row.try_get("note").map_err(unavailable)?,
    })
}

fn as_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

impl PgAuditLog {
    /// Runs `f` on this instance's tree of the committed entries, extended first if it has
    /// fewer than `size` leaves; a `size` beyond the committed log is the caller's mistake.
    async fn with_tree<T>(
        &self,
        size: u64,
        f: impl FnOnce(&ferret_audit::merkle::Tree) -> Result<T, ferret_audit::merkle::ProofError>,
    ) -> Result<T, ReadError> {
        let mut tree = self.tree.lock().await;
        if tree.size() < size {
            self.catch_up(&mut tree).await.map_err(unavailable)?;
        }
        if tree.size() < size {
            return Err(ReadError::Bad(format!(
                "tree size {size} is beyond the log ({} entries)",
                tree.size()
            )));
        }
        f(&tree).map_err(|e| ReadError::Bad(e.to_string()))
    }

    async fn checkpoint_where(
        &self,
        size: Option<u64>,
    ) -> Result<Option<StoredCheckpoint>, ReadError> {
        let row = match size {
            Some(s) => {
                sqlx::query(
                    "SELECT tree_size, root, note FROM audit_checkpoints WHERE tree_size = $1",
                )
                .bind(as_i64(s))
                .fetch_optional(self.pool())
                .await
            }
            None => {
                sqlx::query(
                    "SELECT tree_size, root, note FROM audit_checkpoints \
                 ORDER BY tree_size DESC LIMIT 1",
                )
                .fetch_optional(self.pool())
                .await
            }
        }
        .map_err(unavailable)?;
        row.as_ref().map(checkpoint_of).transpose()
    }
}

impl LogReader for PgAuditLog {
    fn public_key(&self) -> String {
        self.verifier().to_text()
    }

    fn size(&self) -> BoxFuture<'_, Result<u64, ReadError>> {
        Box::pin(async move { PgAuditLog::size(self).await.map_err(unavailable) })
    }

    fn latest_checkpoint(&self) -> BoxFuture<'_, Result<Option<StoredCheckpoint>, ReadError>> {
        Box::pin(self.checkpoint_where(None))
    }

    fn sign_now(&self) -> BoxFuture<'_, Result<Option<StoredCheckpoint>, ReadError>> {
        Box::pin(async move {
            signer::sign_once(self).await.map_err(unavailable)?;
            self.checkpoint_where(None).await
        })
    }

    fn checkpoint_at(
        &self,
        size: u64,
    ) -> BoxFuture<'_, Result<Option<StoredCheckpoint>, ReadError>> {
        Box::pin(self.checkpoint_where(Some(size)))
    }

    fn consistency_proof(&self, old: u64, new: u64) -> BoxFuture<'_, Result<Vec<Hash>, ReadError>> {
        Box::pin(self.with_tree(new, move |t| t.consistency_proof(old, new)))
    }

    fn inclusion_proof(
        &self,
        index: u64,
        size: u64,
    ) -> BoxFuture<'_, Result<Vec<Hash>, ReadError>> {
        Box::pin(self.with_tree(size, move |t| t.inclusion_proof(index, size)))
    }

    fn entry(&self, index: u64) -> BoxFuture<'_, Result<Option<Vec<u8>>, ReadError>> {
        Box::pin(async move {
            sqlx::query_scalar("SELECT entry FROM audit_entries WHERE idx = $1")
                .bind(as_i64(index))
                .fetch_optional(self.pool())
                .await
                .map_err(unavailable)
        })
    }

    fn find_request<'a>(
        &'a self,
        request_id: &'a str,
    ) -> BoxFuture<'a, Result<Vec<u64>, ReadError>> {
        Box::pin(async move {
            let found: Vec<i64> = sqlx::query_scalar(
                "SELECT idx FROM audit_entries WHERE request_id = $1 ORDER BY idx",
            )
            .bind(request_id)
            .fetch_all(self.pool())
            .await
            .map_err(unavailable)?;
            Ok(found.into_iter().map(|i| i as u64).collect())
        })
    }

    fn export_source(&self) -> BoxFuture<'_, Result<Source, ReadError>> {
        Box::pin(async move {
            let exported = export::read(self.url()).await.map_err(unavailable)?;
            Ok(Arc::new(exported.snapshot) as Source)
        })
    }
}
