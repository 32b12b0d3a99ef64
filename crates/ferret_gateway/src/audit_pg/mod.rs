//! One audit log for a deployment of several gateway instances, kept in PostgreSQL.
//!
//! - **Sequencer.** `audit_head` is one row holding the log's size. An append runs
//!   `UPDATE audit_head SET size = size + n RETURNING size - n` and inserts its entries at those
//!   indexes in the same transaction; the row lock serialises appenders of every instance until
//!   their commit, and a rolled-back transaction rolls the size back too, so the committed
//!   indexes are always the gapless prefix `0..size`. Each instance groups its queued appends
//!   into one transaction (group commit), and an append is acknowledged only after `COMMIT`
//!   returned. [`append_in`] appends inside a caller's transaction, so that a store change and
//!   its entry commit together or not at all.
//! - **One signer** ([`signer`]): the instance holding a session-level advisory lock on its own
//!   connection builds the Merkle tree over the committed entries and signs checkpoints with the
//!   log's key (`<data dir>/audit/signing.key`, the file log's format; every instance must have
//!   the same key, and `audit_head` records its public half). Checkpoints are rows keyed by
//!   tree size, so a second signer can never store a different checkpoint of the same size.
//! - **Export** ([`export`]): the entries and checkpoints are read into a
//!   [`ferret_audit::Snapshot`] and written as the file log's bundle format.
//!
//! Leaf hashes are `ferret_audit::merkle::leaf_hash` of the entry's canonical bytes, and
//! entries and checkpoints are append-only (a trigger refuses `UPDATE`, `DELETE` and
//! `TRUNCATE`).

pub mod export;
pub mod signer;

use std::sync::Arc;
use std::time::Duration;

use ferret_audit::merkle::{Tree, leaf_hash};
use ferret_audit::{Entry, NoteSigner, NoteVerifier};
use sqlx::postgres::{PgConnection, PgPool};
use sqlx::{Connection, Row};
use tokio::sync::{Mutex, mpsc, oneshot};

use crate::audit::{AuditError, AuditEvent, AuditSink, InclusionCheck, StoredEntry};
use crate::store::BoxFuture;

/// Largest entry accepted (as the file log).
const MAX_ENTRY: usize = 1 << 20;
/// Most entries one group commit writes.
const MAX_BATCH: usize = 1024;
/// Bytes of entries per `INSERT` statement (see [`insert_batch`]).
const INSERT_BYTES: usize = 6 * 1024;
/// Entries read per query when the tree catches up with the table.
const READ_CHUNK: i64 = 10_000;

/// The tables of the log. Created on open, under a transaction-level advisory lock so that
/// instances starting together do not race on the DDL.
const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS audit_head (
        id SMALLINT PRIMARY KEY CHECK (id = 1),
        size BIGINT NOT NULL CHECK (size >= 0),
        public_key TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS audit_entries (
        idx BIGINT PRIMARY KEY CHECK (idx >= 0),
        entry BYTEA NOT NULL,
        leaf_hash BYTEA NOT NULL CHECK (length(leaf_hash) = 32),
        ts BIGINT NOT NULL,
        request_id TEXT)",
    "CREATE INDEX IF NOT EXISTS audit_entries_request ON audit_entries (request_id)
        WHERE request_id IS NOT NULL",
    "CREATE TABLE IF NOT EXISTS audit_checkpoints (
        tree_size BIGINT PRIMARY KEY CHECK (tree_size > 0),
        root BYTEA NOT NULL CHECK (length(root) = 32),
        note TEXT NOT NULL,
        signed_at BIGINT NOT NULL)",
    "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the audit log is append-only (% on %)', TG_OP, TG_TABLE_NAME; END $$",
    "CREATE OR REPLACE TRIGGER audit_entries_append_only
        BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_entries
        FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()",
    "CREATE OR REPLACE TRIGGER audit_checkpoints_append_only
        BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_checkpoints
        FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()",
];

/// Advisory lock key of the schema creation (`pg_advisory_xact_lock`).
const SCHEMA_LOCK: i64 = 0x6665_7272_6574_0001;

/// Errors opening the PostgreSQL log.
#[derive(Debug, thiserror::Error)]
pub enum PgAuditError {
    /// The database.
    #[error("audit log database: {0}")]
    Db(#[from] sqlx::Error),
    /// The signing key files.
    #[error("audit log key: {0}")]
    Key(#[from] ferret_audit::LogError),
    /// This instance's key is not the one the log was started with.
    #[error(
        "this instance's audit signing key ({local}) is not the log's ({stored}); every \
         instance of a deployment needs the same audit/signing.key"
    )]
    KeyMismatch {
        /// This instance's verifier key.
        local: String,
        /// The verifier key recorded in the database.
        stored: String,
    },
    /// The stored public key cannot be parsed.
    #[error("the audit log's recorded public key: {0}")]
    StoredKey(#[from] ferret_audit::note::NoteError),
}

/// Options of [`PgAuditLog::open`].
#[derive(Debug, Clone)]
pub struct PgAuditOptions {
    /// Connections of the append and read pool.
    pub max_connections: u32,
    /// How often the elected signer signs a checkpoint over new entries (and how often an
    /// instance that is not the signer tries to become it).
    pub checkpoint_interval: Duration,
    /// Whether this instance takes part in the signer election.
    pub sign: bool,
}

impl Default for PgAuditOptions {
    fn default() -> PgAuditOptions {
        PgAuditOptions {
            max_connections: 8,
            checkpoint_interval: Duration::from_millis(500),
            sign: true,
        }
    }
}

type Reply = oneshot::Sender<Result<u64, AuditError>>;

/// One queued append: canonical bytes, timestamp, request id, and where to answer.
struct Queued {
    bytes: Vec<u8>,
    ts: i64,
    request_id: Option<String>,
    reply: Reply,
}

/// The PostgreSQL log of one instance: a pool, the group-commit queue, and the Merkle tree over
/// the committed entries as far as this instance has read them.
#[derive(Debug)]
pub struct PgAuditLog {
    pool: PgPool,
    url: String,
    key: NoteSigner,
    queue: mpsc::Sender<Queued>,
    pub(crate) tree: Mutex<Tree>,
    opts: PgAuditOptions,
}

impl std::fmt::Debug for Queued {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Queued").field("ts", &self.ts).finish()
    }
}

fn append_err(e: impl std::fmt::Display) -> AuditError {
    AuditError::Append(e.to_string())
}

fn read_err(e: impl std::fmt::Display) -> AuditError {
    AuditError::Read(e.to_string())
}

/// Creates the log's tables if needed and records `key`'s public half as the log's key, or
/// checks it against the recorded one.
pub async fn init_schema(conn: &mut PgConnection, key: &NoteVerifier) -> Result<(), PgAuditError> {
    let mut tx = conn.begin().await?;
    // Not the "already exists, skipping" notices of every start after the first.
    sqlx::query("SET LOCAL client_min_messages = warning")
        .execute(&mut *tx)
        .await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(SCHEMA_LOCK)
        .execute(&mut *tx)
        .await?;
    for stmt in SCHEMA {
        sqlx::query(*stmt).execute(&mut *tx).await?;
    }
    sqlx::query(
        "INSERT INTO audit_head (id, size, public_key) VALUES (1, 0, $1) ON CONFLICT (id) DO NOTHING",
    )
    .bind(key.to_text())
    .execute(&mut *tx)
    .await?;
    let stored: String = sqlx::query_scalar("SELECT public_key FROM audit_head WHERE id = 1")
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    if stored != key.to_text() {
        return Err(PgAuditError::KeyMismatch {
            local: key.to_text(),
            stored,
        });
    }
    Ok(())
}

/// Appends `entries` inside the caller's transaction and returns the index of the first. The
/// indexes are taken from the sequencer row, whose lock the transaction then holds until it
/// ends: the entries are in the log if and only if the transaction commits (keep it short;
/// every appender of the deployment waits for it). A store change made in the same
/// transaction commits together with its entries.
pub async fn append_in(conn: &mut PgConnection, entries: &[Entry]) -> Result<u64, AuditError> {
    let rows: Vec<(Vec<u8>, i64, Option<String>)> = entries
        .iter()
        .map(|e| (e.to_canonical(), e.ts, e.request_id.clone()))
        .collect();
    insert_batch(conn, rows).await
}

/// The sequencer: takes `rows.len()` indexes and inserts the rows there (one statement).
async fn insert_batch(
    conn: &mut PgConnection,
    rows: Vec<(Vec<u8>, i64, Option<String>)>,
) -> Result<u64, AuditError> {
    if let Some((b, _, _)) = rows.iter().find(|(b, _, _)| b.len() > MAX_ENTRY) {
        return Err(AuditError::Append(format!(
            "entry of {} bytes is over the 1 MiB limit",
            b.len()
        )));
    }
    let n = rows.len() as i64;
    let first: i64 = sqlx::query_scalar(
        "UPDATE audit_head SET size = size + $1 WHERE id = 1 RETURNING size - $1",
    )
    .bind(n)
    .fetch_one(&mut *conn)
    .await
    .map_err(append_err)?;
    let mut next = first;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        // One statement per piece of at most INSERT_BYTES (but at least one entry): a larger
        // message is sent in several TCP segments, and without TCP_NODELAY (which sqlx does not
        // set) the last one waits for the server's delayed ACK, about 40 ms.
        let (mut idx, mut bytes, mut leaves, mut ts, mut rids) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut size = 0;
        while let Some((b, t, r)) =
            rows.next_if(|(b, _, _)| idx.is_empty() || size + b.len() <= INSERT_BYTES)
        {
            size += b.len() + 100;
            idx.push(next);
            next += 1;
            leaves.push(leaf_hash(&b).to_vec());
            bytes.push(b);
            ts.push(t);
            rids.push(r);
        }
        sqlx::query(
            "INSERT INTO audit_entries (idx, entry, leaf_hash, ts, request_id)
             SELECT * FROM UNNEST($1::BIGINT[], $2::BYTEA[], $3::BYTEA[], $4::BIGINT[], $5::TEXT[])",
        )
        .bind(idx)
        .bind(bytes)
        .bind(leaves)
        .bind(ts)
        .bind(rids)
        .execute(&mut *conn)
        .await
        .map_err(append_err)?;
    }
    Ok(first as u64)
}

/// Commits one group of appends. A group that fits in one `INSERT` (the usual case) is one
/// statement run on its own, so one round trip: the sequencer's `UPDATE` and the `INSERT` in
/// data-modifying CTEs, which PostgreSQL runs and commits as one implicit transaction. A larger
/// group takes an explicit transaction and [`insert_batch`]'s pieces.
async fn write_batch(
    pool: &PgPool,
    rows: Vec<(Vec<u8>, i64, Option<String>)>,
) -> Result<u64, AuditError> {
    let bytes: usize = rows.iter().map(|(b, _, _)| b.len() + 100).sum();
    if (rows.len() > 1 && bytes > INSERT_BYTES) || rows.iter().any(|(b, _, _)| b.len() > MAX_ENTRY)
    {
        let mut tx = pool.begin().await.map_err(append_err)?;
        let first = insert_batch(&mut tx, rows).await?;
        tx.commit().await.map_err(append_err)?;
        return Ok(first);
    }
    let (mut entries, mut leaves, mut ts, mut rids) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (b, t, r) in rows {
        leaves.push(leaf_hash(&b).to_vec());
        entries.push(b);
        ts.push(t);
        rids.push(r);
    }
    let first: i64 = sqlx::query_scalar(
        "WITH head AS (
             UPDATE audit_head SET size = size + cardinality($1::BYTEA[]) WHERE id = 1
             RETURNING size - cardinality($1::BYTEA[]) AS first),
         written AS (
             INSERT INTO audit_entries (idx, entry, leaf_hash, ts, request_id)
             SELECT head.first + u.n - 1, u.entry, u.leaf, u.ts, u.rid
             FROM head, UNNEST($1::BYTEA[], $2::BYTEA[], $3::BIGINT[], $4::TEXT[])
                 WITH ORDINALITY AS u(entry, leaf, ts, rid, n))
         SELECT first FROM head",
    )
    .bind(entries)
    .bind(leaves)
    .bind(ts)
    .bind(rids)
    .fetch_one(pool)
    .await
    .map_err(append_err)?;
    Ok(first as u64)
}

/// Writes queued appends in group commits: everything waiting (up to [`MAX_BATCH`]) in one
/// transaction, each appender answered after `COMMIT` returned.
async fn writer(pool: PgPool, mut rx: mpsc::Receiver<Queued>) {
    let mut batch: Vec<Queued> = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let rows = batch
            .iter_mut()
            .map(|q| (std::mem::take(&mut q.bytes), q.ts, q.request_id.take()))
            .collect();
        let result = write_batch(&pool, rows).await;
        for (i, q) in batch.drain(..).enumerate() {
            let answer = match &result {
                Ok(first) => Ok(first + i as u64),
                Err(e) => Err(AuditError::Append(e.to_string())),
            };
            let _ = q.reply.send(answer);
        }
    }
}

impl PgAuditLog {
    /// Connects to `url`, creates the log's tables if needed, checks `key` against the log's
    /// recorded key (the first instance records it), and starts the group-commit writer and,
    /// with `opts.sign`, the signer election.
    pub async fn open(
        url: &str,
        key: NoteSigner,
        opts: PgAuditOptions,
    ) -> Result<Arc<PgAuditLog>, PgAuditError> {
        let pool = crate::store::pool_options()
            .max_connections(opts.max_connections.max(2))
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await?;
        let mut conn = pool.acquire().await?;
        init_schema(&mut conn, &key.verifier()).await?;
        drop(conn);
        let (tx, rx) = mpsc::channel(16 * MAX_BATCH);
        tokio::spawn(writer(pool.clone(), rx));
        let log = Arc::new(PgAuditLog {
            pool,
            url: url.to_string(),
            key,
            queue: tx,
            tree: Mutex::new(Tree::new()),
            opts,
        });
        if log.opts.sign {
            signer::spawn(log.clone());
        }
        Ok(log)
    }

    /// The pool (for tests and for callers of [`append_in`]).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The database URL (export reads through a connection of its own).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The key that verifies this log's checkpoints.
    pub fn verifier(&self) -> NoteVerifier {
        self.key.verifier()
    }

    /// Appends one entry through the group-commit writer; resolves after its commit.
    pub async fn append(&self, entry: &Entry) -> Result<u64, AuditError> {
        let (reply, rx) = oneshot::channel();
        let q = Queued {
            bytes: entry.to_canonical(),
            ts: entry.ts,
            request_id: entry.request_id.clone(),
            reply,
        };
        self.queue
            .send(q)
            .await
            .map_err(|_| AuditError::Append("the audit writer has stopped".into()))?;
        rx.await
            .map_err(|_| AuditError::Append("the audit writer has stopped".into()))?
    }

    /// The number of committed entries.
    pub async fn size(&self) -> Result<u64, AuditError> {
        let n: i64 = sqlx::query_scalar("SELECT size FROM audit_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await
            .map_err(read_err)?;
        Ok(n as u64)
    }

    /// Up to `limit` committed entries from `start` on: (index, canonical bytes).
    pub async fn entries(
        &self,
        start: u64,
        limit: usize,
    ) -> Result<Vec<(u64, Vec<u8>)>, AuditError> {
        let rows = sqlx::query(
            "SELECT idx, entry FROM audit_entries WHERE idx >= $1 ORDER BY idx LIMIT $2",
        )
        .bind(start as i64)
        .bind(limit.min(i64::MAX as usize) as i64)
        .fetch_all(&self.pool)
        .await
        .map_err(read_err)?;
        rows.iter()
            .map(|r| {
                let i: i64 = r.try_get(0).map_err(read_err)?;
                let b: Vec<u8> = r.try_get(1).map_err(read_err)?;
                Ok((i as u64, b))
            })
            .collect()
    }

    /// The latest stored checkpoint: (tree size, note).
    pub async fn latest_checkpoint(&self) -> Result<Option<(u64, String)>, AuditError> {
        let row = sqlx::query(
            "SELECT tree_size, note FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(read_err)?;
        row.map(|r| {
            let size: i64 = r.try_get(0).map_err(read_err)?;
            Ok((size as u64, r.try_get(1).map_err(read_err)?))
        })
        .transpose()
    }

    /// Extends the in-memory tree with the committed entries after it (recomputing every leaf
    /// hash from the stored bytes) and returns its size. Stops at a missing index.
    pub(crate) async fn catch_up(&self, tree: &mut Tree) -> Result<u64, AuditError> {
        loop {
            let from = tree.size();
            let rows = self.entries(from, READ_CHUNK as usize).await?;
            let n = rows.len();
            for (i, (idx, bytes)) in rows.into_iter().enumerate() {
                if idx != from + i as u64 {
                    return Ok(tree.size());
                }
                tree.push(leaf_hash(&bytes));
            }
            if n < READ_CHUNK as usize {
                return Ok(tree.size());
            }
        }
    }

    async fn check_inclusion(&self, index: u64) -> Result<InclusionCheck, AuditError> {
        let Some((size, note)) = self.latest_checkpoint().await? else {
            return Err(AuditError::Read("no signed checkpoint yet".into()));
        };
        let verifier = self.verifier();
        let signed = verifier.open(&note);
        let root = ferret_audit::Checkpoint::parse_unverified(&note)
            .map(|c| c.root)
            .unwrap_or_default();
        let hex = ferret_audit::merkle::hex;
        let base = InclusionCheck {
            index,
            tree_size: size,
            root_hash: hex(&root),
            proof: Vec::new(),
            verified: false,
            detail: String::new(),
        };
        if index >= size {
            let detail = crate::audit::not_under_checkpoint(index, size, self.size().await?);
            return Ok(InclusionCheck { detail, ..base });
        }
        let mut tree = self.tree.lock().await;
        if tree.size() < size {
            self.catch_up(&mut tree).await?;
        }
        let proof = tree.inclusion_proof(index, size).map_err(read_err)?;
        let leaf = tree.leaf(index).unwrap_or_default();
        drop(tree);
        Ok(crate::audit::judge_inclusion(
            base,
            &leaf,
            &proof,
            &root,
            signed.map(|_| ()),
        ))
    }
}

/// The [`AuditSink`] over a [`PgAuditLog`].
#[derive(Debug, Clone)]
pub struct PgAuditSink {
    log: Arc<PgAuditLog>,
}

impl PgAuditSink {
    /// A sink over an opened log.
    pub fn new(log: Arc<PgAuditLog>) -> PgAuditSink {
        PgAuditSink { log }
    }

    /// The log.
    pub fn log(&self) -> &Arc<PgAuditLog> {
        &self.log
    }
}

impl AuditSink for PgAuditSink {
    fn append<'a>(&'a self, event: &'a AuditEvent) -> BoxFuture<'a, Result<u64, AuditError>> {
        let entry = event.to_entry();
        Box::pin(async move { self.log.append(&entry).await.map(|i| i + 1) })
    }

    fn size(&self) -> BoxFuture<'_, Result<u64, AuditError>> {
        Box::pin(self.log.size())
    }

    fn entries(
        &self,
        start: u64,
        limit: usize,
    ) -> BoxFuture<'_, Result<Vec<StoredEntry>, AuditError>> {
        Box::pin(async move {
            Ok(self
                .log
                .entries(start, limit)
                .await?
                .into_iter()
                .map(|(index, bytes)| StoredEntry {
                    index,
                    leaf_hash: Some(ferret_audit::merkle::hex(&leaf_hash(&bytes))),
                    json: String::from_utf8_lossy(&bytes).into_owned(),
                })
                .collect())
        })
    }

    fn check_inclusion(&self, index: u64) -> BoxFuture<'_, Result<InclusionCheck, AuditError>> {
        Box::pin(self.log.check_inclusion(index))
    }

    fn reader(&self) -> Option<Arc<dyn crate::audit_read::LogReader>> {
        Some(self.log.clone())
    }

    fn in_postgres(&self) -> bool {
        true
    }

    /// One signing round, whether or not this instance is the elected signer (safe: see
    /// [`signer`]).
    fn finish(&self) -> BoxFuture<'_, Result<(), AuditError>> {
        Box::pin(async move {
            match signer::sign_once(&self.log).await {
                Ok(_) => Ok(()),
                Err(signer::SignError::Db(e)) => Err(e),
                Err(e) => Err(AuditError::Append(e.to_string())),
            }
        })
    }
}
