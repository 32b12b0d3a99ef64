//! The elected signer of the PostgreSQL log.
//!
//! Every instance runs [`spawn`]: on its own connection (not the pool's) it tries
//! `pg_try_advisory_lock` every checkpoint interval. The session that holds the lock is the
//! signer: it extends its Merkle tree with the committed entries, checks the tree against the
//! latest stored checkpoint, signs the new size and root and stores the note in
//! `audit_checkpoints`, whose primary key is the tree size. When the signer's process or
//! connection dies, PostgreSQL releases the lock and another instance takes it at its next try.
//!
//! The lock only spares the others the work: [`sign_once`] is safe when two instances run it
//! at once. Entries are immutable and the root of a size is a function of them, and Ed25519
//! signatures are deterministic, so two honest signers produce the same note for a size; the
//! insert is `ON CONFLICT (tree_size) DO NOTHING`, and the stored row is read back and compared,
//! so a signer whose tree differs learns it and stops.

use std::sync::Arc;

use ferret_audit::merkle::{Hash, Tree, hex};
use sqlx::postgres::PgConnection;
use sqlx::{Connection, Row};

use super::PgAuditLog;
use crate::audit::AuditError;

/// Advisory lock key of the signer election (session level).
pub const SIGNER_LOCK: i64 = 0x6665_7272_6574_0002;

/// What one signing round did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signed {
    /// No entry after the latest checkpoint.
    Nothing,
    /// A checkpoint of this tree size was stored (by this signer, or an identical one by
    /// another).
    Stored(u64),
}

/// Errors of a signing round.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// Reading or writing the database.
    #[error(transparent)]
    Db(#[from] AuditError),
    /// The stored checkpoints and the committed entries disagree: the log was altered, or
    /// another signer holds another history. This signer stops.
    #[error("audit log fork at tree size {size}: stored root {stored}, the entries give {ours}")]
    Fork {
        /// The tree size.
        size: u64,
        /// The stored checkpoint's root, hex.
        stored: String,
        /// The root of the committed entries, hex.
        ours: String,
    },
}

fn db(e: sqlx::Error) -> SignError {
    SignError::Db(AuditError::Read(e.to_string()))
}

/// The stored checkpoint roots at `size`, and the largest stored size.
async fn stored_root(log: &PgAuditLog, size: u64) -> Result<Option<Hash>, SignError> {
    let root: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT root FROM audit_checkpoints WHERE tree_size = $1")
            .bind(size as i64)
            .fetch_optional(&log.pool)
            .await
            .map_err(db)?;
    Ok(root.and_then(|r| Hash::try_from(r.as_slice()).ok()))
}

fn check_root(tree: &Tree, size: u64, stored: &Hash) -> Result<(), SignError> {
    let ours = tree.root_at(size).unwrap_or_default();
    if &ours != stored {
        return Err(SignError::Fork {
            size,
            stored: hex(stored),
            ours: hex(&ours),
        });
    }
    Ok(())
}

/// One signing round: extend the tree with the committed entries, check it against the
/// latest stored checkpoint, and store a signed checkpoint of the new size.
pub async fn sign_once(log: &PgAuditLog) -> Result<Signed, SignError> {
    let mut tree = log.tree.lock().await;
    let size = log.catch_up(&mut tree).await?;
    let latest = sqlx::query(
        "SELECT tree_size, root FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1",
    )
    .fetch_optional(&log.pool)
    .await
    .map_err(db)?;
    let latest_size = match latest {
        Some(r) => {
            let s: i64 = r.try_get(0).map_err(db)?;
            let root: Vec<u8> = r.try_get(1).map_err(db)?;
            let root = Hash::try_from(root.as_slice()).unwrap_or_default();
            if s as u64 <= size {
                check_root(&tree, s as u64, &root)?;
            }
            s as u64
        }
        None => 0,
    };
    if size <= latest_size {
        return Ok(Signed::Nothing);
    }
    let root = tree.root();
    drop(tree);
    let note = log.key.sign(size, &root);
    sqlx::query(
        "INSERT INTO audit_checkpoints (tree_size, root, note, signed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tree_size) DO NOTHING",
    )
    .bind(size as i64)
    .bind(root.to_vec())
    .bind(&note)
    .bind(crate::now())
    .execute(&log.pool)
    .await
    .map_err(db)?;
    match stored_root(log, size).await? {
        Some(stored) if stored == root => Ok(Signed::Stored(size)),
        Some(stored) => Err(SignError::Fork {
            size,
            stored: hex(&stored),
            ours: hex(&root),
        }),
        None => Err(SignError::Db(AuditError::Read(format!(
            "the checkpoint of size {size} was not stored"
        )))),
    }
}

/// A candidate in the signer election: its own connection, holding the lock or not.
#[derive(Debug)]
pub struct Election {
    url: String,
    conn: Option<PgConnection>,
    held: bool,
}

impl Election {
    /// A candidate for the log at `url` (not connected yet).
    pub fn new(url: &str) -> Election {
        Election {
            url: url.to_string(),
            conn: None,
            held: false,
        }
    }

    /// Whether this candidate holds the lock (as of its last [`Election::try_lead`]).
    pub fn is_leader(&self) -> bool {
        self.held
    }

    /// Tries to take the lock, or checks that the session holding it is alive. Returns whether
    /// this candidate is the signer. A lost connection loses the lock (PostgreSQL released it).
    pub async fn try_lead(&mut self) -> bool {
        if self.conn.is_none() {
            self.held = false;
            self.conn = PgConnection::connect(&self.url).await.ok();
        }
        let Some(conn) = self.conn.as_mut() else {
            return false;
        };
        let q = if self.held {
            // Still our session? The lock lives as long as it does.
            sqlx::query_scalar::<_, bool>("SELECT true")
                .fetch_one(&mut *conn)
                .await
        } else {
            sqlx::query_scalar::<_, bool>("SELECT pg_try_advisory_lock($1)")
                .bind(SIGNER_LOCK)
                .fetch_one(&mut *conn)
                .await
        };
        match q {
            Ok(held) => self.held = held,
            Err(_) => {
                self.conn = None;
                self.held = false;
            }
        }
        self.held
    }

    /// Gives the lock up by closing the session.
    pub async fn resign(&mut self) {
        if let Some(c) = self.conn.take() {
            let _ = c.close().await;
        }
        self.held = false;
    }
}

/// Runs the election and, while this instance leads, a signing round every checkpoint
/// interval. A fork stops signing (logged as an error); appends go on.
pub fn spawn(log: Arc<PgAuditLog>) {
    let weak = Arc::downgrade(&log);
    let interval = log.opts.checkpoint_interval;
    let url = log.url.clone();
    drop(log);
    tokio::spawn(async move {
        let mut election = Election::new(&url);
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let Some(log) = weak.upgrade() else { break };
            let was = election.is_leader();
            if !election.try_lead().await {
                if was {
                    tracing::warn!("audit log: lost the signer lock");
                }
                continue;
            }
            if !was {
                tracing::info!("audit log: this instance is the checkpoint signer");
            }
            match sign_once(&log).await {
                Ok(_) => {}
                Err(e @ SignError::Fork { .. }) => {
                    tracing::error!(error = %e, "audit log: refusing to sign; stepping down");
                    election.resign().await;
                    break;
                }
                Err(e) => tracing::warn!(error = %e, "audit log: signing round failed"),
            }
        }
        election.resign().await;
    });
}
