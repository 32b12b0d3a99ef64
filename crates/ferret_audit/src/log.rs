//! The durable log: one append-only file of framed records, written by one writer thread with
//! group commit.
//!
//! Record: `tag (1) | payload length (u32 LE) | payload | check (32)`. Tags: `E` an entry (the
//! check is its RFC 6962 leaf hash), `C` a commit marker (tree size u64 LE and root hash; check
//! `SHA-256(tag || payload)`), `S` a signed checkpoint note (same check). Appenders queue their
//! entries; the writer thread takes every queued entry, writes them and one `C` (or `S`) record
//! in a single `write`, calls `fsync` once, and only then answers each appender. A checkpoint is
//! signed into the batch's boundary record when the last one is older than the checkpoint
//! interval, and by a timer when entries are waiting for one, so a checkpoint always follows new
//! entries within the interval.
//!
//! Recovery: every batch ends with a boundary record (`C` or `S`) and is acknowledged only after
//! its `fsync`. A record that cannot be read (unknown tag, length over the limit or past the end,
//! check mismatch) followed by *any* valid record, found by a byte-by-byte search, is damage to
//! acknowledged data: the log refuses to open ([`crate::tail`]). Only bytes with no valid record
//! after them are cut, copied aside first (`log.torn-<offset>`, mode 0600), and they are called
//! never acknowledged only when they look like an interrupted write. Every boundary's tree size
//! and root are checked against the entries before it, and the log is checked against its
//! high-water mark ([`crate::mark`]) before anything is cut.
//!
//! [`Log::open_read_only`] scans the same way but never writes: no cut, no signature.
//!
//! Several processes may append (the gateway and the command line): each batch is written under
//! an exclusive lock of the file, after reading whatever the other writers appended since.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::entry::{Entry, EntryIndex};
use crate::merkle::{CompactRange, Hash, ProofError, Tree, leaf_hash};
use crate::note::{NoteError, NoteSigner, NoteVerifier};
use crate::tail::{Bad, TailKind};

const MAGIC: &[u8] = b"FERRET-AUDIT-LOG v1\n";
pub(crate) const TAG_ENTRY: u8 = b'E';
pub(crate) const TAG_COMMIT: u8 = b'C';
pub(crate) const TAG_SIGNED: u8 = b'S';
/// Largest accepted record payload.
pub(crate) const MAX_PAYLOAD: u32 = 1 << 20;
/// File names inside the log directory.
pub const LOG_FILE: &str = "log";
/// The private signing key (mode 0600).
pub const SIGNING_KEY_FILE: &str = "signing.key";
/// The public (verifier) key.
pub const PUBLIC_KEY_FILE: &str = "public.key";

/// Errors of the log. Cloneable, so one failed batch can answer every appender.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LogError {
    /// An I/O operation failed.
    #[error("{context}: {message}")]
    Io {
        /// What was being done, and on which file.
        context: String,
        /// The error.
        message: String,
    },
    /// Acknowledged data is damaged (not a torn tail).
    #[error("audit log is corrupt at byte {offset}: {detail}")]
    Corrupt {
        /// File offset.
        offset: u64,
        /// What is wrong.
        detail: String,
    },
    /// The signing key.
    #[error("audit signing key: {0}")]
    Key(#[from] NoteError),
    /// A proof could not be produced.
    #[error(transparent)]
    Proof(#[from] ProofError),
    /// An entry was refused.
    #[error("entry refused: {0}")]
    Entry(String),
    /// The log failed earlier and refuses further writes until it is reopened.
    #[error("audit log is unavailable after an earlier write failure")]
    Poisoned,
    /// The writer has stopped.
    #[error("audit log writer has stopped")]
    Closed,
    /// The log was opened read-only.
    #[error("the audit log was opened read-only")]
    ReadOnly,
    /// The log is shorter than, or differs from, what was signed (its high-water mark).
    #[error("audit log refused: {detail}")]
    Rollback {
        /// The largest tree size signed.
        mark: u64,
        /// The entries the log holds.
        size: u64,
        /// What is wrong, and where.
        detail: String,
    },
    /// The high-water mark file cannot be read.
    #[error("audit high-water mark {path}: {detail}")]
    BadMark {
        /// The file.
        path: String,
        /// What is wrong.
        detail: String,
    },
    /// `public.key` is not the public half of `signing.key`.
    #[error("audit keys do not match: {0}")]
    KeyMismatch(String),
}

fn io_err(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> LogError {
    let context = context.into();
    move |e| LogError::Io {
        context,
        message: e.to_string(),
    }
}

/// Options of [`Log::open`].
#[derive(Debug, Clone)]
pub struct LogOptions {
    /// Longest time new entries wait for a signed checkpoint. Zero signs every batch.
    pub checkpoint_interval: Duration,
    /// Most entries written by one `fsync`.
    pub max_batch: usize,
    /// Name (origin) for a newly generated signing key; default `ferret-gateway/<random>`.
    pub origin: Option<String>,
}

impl Default for LogOptions {
    fn default() -> LogOptions {
        LogOptions {
            checkpoint_interval: Duration::from_millis(500),
            max_batch: 4096,
            origin: None,
        }
    }
}

/// A stored signed checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCheckpoint {
    /// Tree size.
    pub size: u64,
    /// Root hash.
    pub root: Hash,
    /// The signed note text.
    pub note: String,
}

/// What recovery found when the log was opened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recovery {
    /// Bytes after the last valid boundary record: cut off by [`Log::open`], left in place by
    /// [`Log::open_read_only`] (0 when the file ended cleanly).
    pub torn_bytes: u64,
    /// Where the cut bytes were copied, if any.
    pub torn_copy: Option<PathBuf>,
    /// What those bytes were (an interrupted write, or not established).
    pub torn: Option<crate::tail::TailKind>,
    /// Whether the signing key was generated by this open.
    pub key_created: bool,
    /// The high-water mark file was missing beside an existing log and was created, at this
    /// signed tree size (first open after an upgrade, or the file was removed).
    pub mark_created: Option<u64>,
}

#[derive(Debug, Default)]
struct State {
    tree: Tree,
    frontier: CompactRange,
    offsets: Vec<u64>,
    lens: Vec<u32>,
    ts: Vec<i64>,
    by_request: HashMap<String, Vec<u64>>,
    checkpoints: Vec<StoredCheckpoint>,
    /// File offset after the last valid boundary record.
    end: u64,
}

impl State {
    fn signed_size(&self) -> u64 {
        self.checkpoints.last().map_or(0, |c| c.size)
    }
}

/// An entry read during a scan, not yet covered by a boundary record.
struct Pending {
    offset: u64,
    len: u32,
    leaf: Hash,
    ts: i64,
    request_id: Option<String>,
}

/// The timestamp of an entry's canonical bytes, `None` when they are not an entry.
pub(crate) fn entry_ts(payload: &[u8]) -> Option<i64> {
    match fast_index_fields(payload) {
        Some((ts, _)) => Some(ts),
        None => serde_json::from_slice::<EntryIndex>(payload)
            .ok()
            .map(|i| i.ts),
    }
}

fn index_fields(payload: &[u8]) -> (i64, Option<String>) {
    fast_index_fields(payload).unwrap_or_else(|| {
        serde_json::from_slice::<EntryIndex>(payload).map_or((0, None), |i| (i.ts, i.request_id))
    })
}

/// `ts` and `request_id` of a canonical entry without parsing all of it. In canonical order
/// `request_id`, `subject`, `ts` and `v` are the last keys, and a quote inside a string value is
/// escaped, so the last occurrence of each `,"key":` is the top-level key. `None` sends the
/// caller to a full parse.
fn fast_index_fields(payload: &[u8]) -> Option<(i64, Option<String>)> {
    let s = std::str::from_utf8(payload).ok()?;
    let v_at = s.rfind(",\"v\":")?;
    let ts_at = s[..v_at].rfind(",\"ts\":")? + 6;
    let ts = s.get(ts_at..v_at)?.parse().ok()?;
    let subject_at = s[..ts_at].rfind(",\"subject\":")?;
    let rid_at = s[..subject_at].rfind(",\"request_id\":")? + 14;
    let raw = s.get(rid_at..subject_at)?;
    let rid = match raw.as_bytes() {
        b"null" => None,
        [b'"', inner @ .., b'"'] if !inner.contains(&b'\\') && !inner.contains(&b'"') => {
            Some(raw[1..raw.len() - 1].to_string())
        }
        _ => serde_json::from_str::<Option<String>>(raw).ok()?,
    };
    Some((ts, rid))
}

fn boundary_check(tag: u8, payload: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([tag]);
    h.update(payload);
    h.finalize().into()
}

/// The check value of a record: the leaf hash of an entry, `SHA-256(tag || payload)` otherwise.
pub(crate) fn record_check(tag: u8, payload: &[u8]) -> Hash {
    if tag == TAG_ENTRY {
        leaf_hash(payload)
    } else {
        boundary_check(tag, payload)
    }
}

fn frame(tag: u8, payload: &[u8], check: &Hash, out: &mut Vec<u8>) {
    out.push(tag);
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(check);
}

fn commit_payload(size: u64, root: &Hash) -> Vec<u8> {
    let mut p = size.to_le_bytes().to_vec();
    p.extend_from_slice(root);
    p
}

/// One record as found in the file.
enum Scanned {
    /// A valid record; `check` is its (verified) check value, the leaf hash for an entry.
    Record {
        tag: u8,
        payload: Vec<u8>,
        check: Hash,
    },
    /// A record that cannot be accepted.
    Bad(Bad),
    End,
}

/// Reads the record at the reader's position (`offset`).
fn read_record(r: &mut impl Read, offset: u64, file_len: u64) -> std::io::Result<Scanned> {
    let mut head = [0u8; 5];
    let remaining = file_len.saturating_sub(offset);
    if remaining == 0 {
        return Ok(Scanned::End);
    }
    if remaining < 5 {
        return Ok(Scanned::Bad(Bad::Short));
    }
    r.read_exact(&mut head)?;
    let tag = head[0];
    let len = u32::from_le_bytes([head[1], head[2], head[3], head[4]]);
    if !matches!(tag, TAG_ENTRY | TAG_COMMIT | TAG_SIGNED) {
        return Ok(Scanned::Bad(Bad::UnknownTag(tag)));
    }
    if len > MAX_PAYLOAD {
        return Ok(Scanned::Bad(Bad::TooLong(len)));
    }
    if remaining < 5 + u64::from(len) + 32 {
        return Ok(Scanned::Bad(Bad::PastEnd(len)));
    }
    let mut payload = vec![0u8; len as usize];
    r.read_exact(&mut payload)?;
    let mut check = [0u8; 32];
    r.read_exact(&mut check)?;
    if record_check(tag, &payload) != check {
        return Ok(Scanned::Bad(Bad::Check));
    }
    Ok(Scanned::Record {
        tag,
        payload,
        check,
    })
}

/// Applies the records of `file` from `state.end` on: entries become part of the state when a
/// boundary record covers them, and `state.end` moves past each boundary. Bytes after the last
/// boundary that hold no valid record are left for the caller to cut, and described; damage
/// followed by any valid record is an error.
fn scan(
    file: &File,
    path: &Path,
    state: &mut State,
    verifier: &NoteVerifier,
) -> Result<Option<TailKind>, LogError> {
    let file_len = file
        .metadata()
        .map_err(io_err(format!("cannot stat {}", path.display())))?
        .len();
    let mut f = file;
    f.seek(SeekFrom::Start(state.end))
        .map_err(io_err(format!("cannot seek {}", path.display())))?;
    let mut r = std::io::BufReader::with_capacity(1 << 20, f);
    let mut offset = state.end;
    let mut pending: Vec<Pending> = Vec::new();
    let ctx = format!("cannot read {}", path.display());
    loop {
        let rec = read_record(&mut r, offset, file_len).map_err(io_err(ctx.clone()))?;
        let (tag, payload, check) = match rec {
            Scanned::Record {
                tag,
                payload,
                check,
            } => (tag, payload, check),
            Scanned::End if pending.is_empty() => return Ok(None),
            // Complete entries and no boundary record after them: an interrupted batch.
            Scanned::End => return Ok(Some(TailKind::Torn { offset: state.end })),
            Scanned::Bad(bad) => {
                return crate::tail::examine(file, offset, file_len, bad).map(Some);
            }
        };
        let rec_len = 5 + payload.len() as u64 + 32;
        match tag {
            TAG_ENTRY => {
                let (ts, request_id) = index_fields(&payload);
                pending.push(Pending {
                    offset: offset + 5,
                    len: payload.len() as u32,
                    leaf: check,
                    ts,
                    request_id,
                });
            }
            _ => {
                let (size, root, note) = if tag == TAG_COMMIT {
                    let (Ok(s), Some(root)) = (
                        payload.get(..8).unwrap_or_default().try_into(),
                        payload.get(8..40).and_then(|r| <Hash>::try_from(r).ok()),
                    ) else {
                        return Err(LogError::Corrupt {
                            offset,
                            detail: "malformed commit record".into(),
                        });
                    };
                    (u64::from_le_bytes(s), root, None)
                } else {
                    let note = String::from_utf8(payload).map_err(|_| LogError::Corrupt {
                        offset,
                        detail: "checkpoint is not UTF-8".into(),
                    })?;
                    let cp = verifier.open(&note).map_err(|e| LogError::Corrupt {
                        offset,
                        detail: format!("stored checkpoint: {e}"),
                    })?;
                    (cp.size, cp.root, Some(note))
                };
                for p in pending.drain(..) {
                    apply(state, p);
                }
                if size != state.tree.size() || root != state.frontier.root() {
                    return Err(LogError::Corrupt {
                        offset,
                        detail: format!(
                            "boundary record says size {size} root {}, the entries give size {} \
                             root {}",
                            crate::merkle::hex(&root),
                            state.tree.size(),
                            crate::merkle::hex(&state.frontier.root())
                        ),
                    });
                }
                if let Some(note) = note {
                    state
                        .checkpoints
                        .push(StoredCheckpoint { size, root, note });
                }
                state.end = offset + rec_len;
            }
        }
        offset += rec_len;
    }
}

fn apply(state: &mut State, p: Pending) {
    let index = state.tree.size();
    state.tree.push(p.leaf);
    state.frontier.push(p.leaf);
    state.offsets.push(p.offset);
    state.lens.push(p.len);
    state.ts.push(p.ts);
    if let Some(r) = p.request_id {
        state.by_request.entry(r).or_default().push(index);
    }
}

enum Job {
    Append {
        bytes: Vec<u8>,
        leaf: Hash,
        ts: i64,
        request_id: Option<String>,
        reply: tokio::sync::oneshot::Sender<Result<u64, LogError>>,
    },
    Sign {
        reply: tokio::sync::oneshot::Sender<Result<Option<StoredCheckpoint>, LogError>>,
    },
}

#[derive(Debug)]
struct Shared {
    path: PathBuf,
    /// The log's directory (where the high-water mark is).
    dir: PathBuf,
    /// `None` when opened read-only.
    signer: Option<NoteSigner>,
    verifier: NoteVerifier,
    opts: LogOptions,
    state: RwLock<State>,
    /// The write handle (also the lock file).
    writer: Mutex<File>,
    /// A separate handle for reads.
    reader: Mutex<File>,
    poisoned: AtomicBool,
}

/// The audit log. Appends are durable when they return `Ok`.
#[derive(Debug)]
pub struct Log {
    shared: Arc<Shared>,
    read_only: bool,
    tx: Mutex<Option<Sender<Job>>>,
    worker: Mutex<Option<std::thread::JoinHandle<()>>>,
    recovery: Recovery,
}

/// Open options that create a file readable by its owner only.
fn private_options() -> OpenOptions {
    let mut o = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

/// Removes group and other permissions from `path` if it has any (Unix).
fn tighten_mode(path: &Path) -> Result<(), LogError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ctx = || format!("cannot restrict the permissions of {}", path.display());
        let mode = std::fs::metadata(path)
            .map_err(io_err(ctx()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o700))
                .map_err(io_err(ctx()))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

fn write_private(path: &Path, text: &str) -> Result<(), LogError> {
    let tmp = path.with_extension("tmp");
    let mut o = private_options();
    o.write(true).create(true).truncate(true);
    let ctx = format!("cannot write {}", path.display());
    let mut f = o.open(&tmp).map_err(io_err(ctx.clone()))?;
    f.write_all(text.as_bytes()).map_err(io_err(ctx.clone()))?;
    f.write_all(b"\n").map_err(io_err(ctx.clone()))?;
    f.sync_all().map_err(io_err(ctx.clone()))?;
    std::fs::rename(&tmp, path).map_err(io_err(ctx))?;
    Ok(())
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// The trimmed text of a public key file, `None` when there is none.
fn read_public_text(public: &Path) -> Result<Option<String>, LogError> {
    match std::fs::read_to_string(public) {
        Ok(t) => Ok(Some(t.trim().to_string())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_err(format!("cannot read {}", public.display()))(e)),
    }
}

fn key_mismatch(public: &Path, private: &Path, found: &str, expected: &str) -> LogError {
    LogError::KeyMismatch(format!(
        "{} holds {found}, but the public half of {} is {expected}: one of them was replaced. \
         Nothing was overwritten; restore the right key",
        public.display(),
        private.display()
    ))
}

/// Loads the signing key of the log directory `dir`, or creates it (mode 0600) with its public
/// key beside it; the flag says whether it was generated. Refuses when `public.key` is not the
/// signing key's public half (it is never overwritten), or when `public.key` exists without a
/// signing key. A log kept elsewhere (the gateway's PostgreSQL log) uses the same files.
pub fn load_or_create_key(
    dir: &Path,
    origin: Option<&str>,
) -> Result<(NoteSigner, bool), LogError> {
    let path = dir.join(SIGNING_KEY_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let s = NoteSigner::parse(&text)?;
            let public = dir.join(PUBLIC_KEY_FILE);
            match read_public_text(&public)? {
                Some(t) if t == s.verifier().to_text() => {}
                Some(t) => return Err(key_mismatch(&public, &path, &t, &s.verifier().to_text())),
                None => std::fs::write(&public, format!("{}\n", s.verifier().to_text()))
                    .map_err(io_err(format!("cannot write {}", public.display())))?,
            }
            Ok((s, false))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let public = dir.join(PUBLIC_KEY_FILE);
            if read_public_text(&public)?.is_some() {
                return Err(LogError::KeyMismatch(format!(
                    "{} exists but {} does not: the signing key was removed; restore it (a new \
                     key would not verify the stored checkpoints)",
                    public.display(),
                    path.display()
                )));
            }
            let name = match origin {
                Some(o) => o.to_string(),
                None => {
                    let mut b = [0u8; 6];
                    getrandom::fill(&mut b).map_err(|e| NoteError::Random(e.to_string()))?;
                    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
                    format!("ferret-gateway/{h}")
                }
            };
            let s = NoteSigner::generate(&name)?;
            write_private(&path, &s.to_private_text())?;
            let public = dir.join(PUBLIC_KEY_FILE);
            std::fs::write(&public, format!("{}\n", s.verifier().to_text()))
                .map_err(io_err(format!("cannot write {}", public.display())))?;
            sync_dir(dir);
            Ok((s, true))
        }
        Err(e) => Err(io_err(format!("cannot read {}", path.display()))(e)),
    }
}

/// Checks the header of an existing log file and scans it: the state under its boundary
/// records, and what follows the last one.
fn read_log(
    file: &File,
    path: &Path,
    verifier: &NoteVerifier,
) -> Result<(State, Option<TailKind>), LogError> {
    let mut head = vec![0u8; MAGIC.len()];
    let mut f = file;
    f.seek(SeekFrom::Start(0))
        .and_then(|_| f.read_exact(&mut head))
        .map_err(io_err(format!("cannot read {}", path.display())))?;
    if head != MAGIC {
        return Err(LogError::Corrupt {
            offset: 0,
            detail: "not a Ferret audit log (bad header)".into(),
        });
    }
    let mut state = State {
        end: MAGIC.len() as u64,
        ..State::default()
    };
    let tail = scan(file, path, &mut state, verifier)?;
    Ok((state, tail))
}

/// Writes the high-water mark of `state`'s latest signed checkpoint (size 0 before any).
fn write_mark(dir: &Path, state: &State) -> Result<(), LogError> {
    let mark = state.checkpoints.last().map_or(
        crate::mark::Mark {
            size: 0,
            root: crate::merkle::empty_root(),
        },
        |c| crate::mark::Mark {
            size: c.size,
            root: c.root,
        },
    );
    crate::mark::write(dir, mark)
}

/// Copies the bytes of `file` from `end` to `len` to `log.torn-<end>` (mode 0600), then cuts
/// them off; returns the copy's path.
fn cut_tail(file: &File, dir: &Path, path: &Path, end: u64, len: u64) -> Result<PathBuf, LogError> {
    let copy = dir.join(format!("{LOG_FILE}.torn-{end}"));
    let mut tail = vec![0u8; (len - end) as usize];
    let mut f = file;
    f.seek(SeekFrom::Start(end))
        .and_then(|_| f.read_exact(&mut tail))
        .and_then(|_| {
            let mut o = private_options();
            let mut c = o.write(true).create(true).truncate(true).open(&copy)?;
            c.write_all(&tail)?;
            c.sync_all()
        })
        .map_err(io_err(format!(
            "cannot save the torn tail to {}",
            copy.display()
        )))?;
    sync_dir(dir);
    file.set_len(end)
        .and_then(|_| file.sync_all())
        .map_err(io_err(format!("cannot truncate {}", path.display())))?;
    Ok(copy)
}

impl Log {
    /// Opens (creating if needed) the log in directory `dir`, recovering from a crash, and
    /// starts its writer thread. Refuses damaged acknowledged data ([`LogError::Corrupt`]) and a
    /// log shorter than its high-water mark ([`LogError::Rollback`]), changing nothing.
    pub fn open(dir: &Path, opts: LogOptions) -> Result<Log, LogError> {
        std::fs::create_dir_all(dir).map_err(io_err(format!("cannot create {}", dir.display())))?;
        let (signer, key_created) = load_or_create_key(dir, opts.origin.as_deref())?;
        let verifier = signer.verifier();
        let path = dir.join(LOG_FILE);
        let ctx = format!("cannot open {}", path.display());
        if !path.exists()
            && let Some(m) = crate::mark::read(dir)?
        {
            // The log was removed after checkpoints were signed: refuse before creating one.
            crate::mark::check(dir, &m, &Tree::new(), None)?;
        }
        let file = private_options()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(io_err(ctx.clone()))?;
        file.lock()
            .map_err(io_err(format!("cannot lock {}", path.display())))?;
        // Read under the lock: another process writes its mark under it, after its batch.
        let mark = crate::mark::read(dir)?;
        let len = file.metadata().map_err(io_err(ctx.clone()))?.len();
        let mut recovery = Recovery {
            key_created,
            ..Recovery::default()
        };
        let state = if len < MAGIC.len() as u64 {
            // New (or torn before its header was durable): start afresh, unless a checkpoint
            // was signed here before.
            if let Some(m) = &mark {
                crate::mark::check(dir, m, &Tree::new(), None)?;
            }
            file.set_len(0).map_err(io_err(ctx.clone()))?;
            (&file).write_all(MAGIC).map_err(io_err(ctx.clone()))?;
            file.sync_all().map_err(io_err(ctx.clone()))?;
            sync_dir(dir);
            let state = State {
                end: MAGIC.len() as u64,
                ..State::default()
            };
            if mark.is_none() {
                write_mark(dir, &state)?;
            }
            state
        } else {
            let (state, tail) = read_log(&file, &path, &verifier)?;
            match &mark {
                Some(m) => crate::mark::check(dir, m, &state.tree, tail.as_ref())?,
                None => {
                    write_mark(dir, &state)?;
                    recovery.mark_created = Some(state.signed_size());
                }
            }
            if len > state.end {
                let copy = cut_tail(&file, dir, &path, state.end, len)?;
                recovery.torn_bytes = len - state.end;
                recovery.torn_copy = Some(copy);
                recovery.torn = tail;
            }
            state
        };
        file.unlock()
            .map_err(io_err(format!("cannot unlock {}", path.display())))?;
        let reader = File::open(&path).map_err(io_err(ctx))?;
        let shared = Shared {
            path,
            dir: dir.to_path_buf(),
            signer: Some(signer),
            verifier,
            opts,
            state: RwLock::new(state),
            writer: Mutex::new(file),
            reader: Mutex::new(reader),
            poisoned: AtomicBool::new(false),
        };
        // A log created before logs were private (0644) is made private once it has been
        // accepted; a refused log is left exactly as it was found.
        tighten_mode(&shared.path)?;
        // Entries recovered without a checkpoint (a crash before the timer fired) are signed now.
        let unsigned = {
            let s = shared.state.read().unwrap_or_else(|p| p.into_inner());
            s.signed_size() < s.tree.size()
        };
        if unsigned {
            commit(&shared, Vec::new(), true)?;
        }
        let shared = Arc::new(shared);
        let (tx, rx) = std::sync::mpsc::channel();
        let s2 = shared.clone();
        let worker = std::thread::Builder::new()
            .name("audit-writer".into())
            .spawn(move || writer_loop(&s2, &rx))
            .map_err(io_err("cannot start the audit writer thread"))?;
        Ok(Log {
            shared,
            read_only: false,
            tx: Mutex::new(Some(tx)),
            worker: Mutex::new(Some(worker)),
            recovery,
        })
    }

    /// Opens the existing log in `dir` without writing anything in the directory: no cut, no
    /// signature, no key or mark created. Checks are those of [`Log::open`] (damage, the
    /// high-water mark when there is one, `public.key` against `signing.key` when readable).
    /// Bytes after the last boundary record are left in place and reported in
    /// [`Log::recovery`]; entries after the last signed checkpoint are readable but not signed.
    /// Appends and [`Log::checkpoint`] fail with [`LogError::ReadOnly`].
    pub fn open_read_only(dir: &Path) -> Result<Log, LogError> {
        let public = dir.join(PUBLIC_KEY_FILE);
        let verifier = read_public_key(&public)?;
        let private = dir.join(SIGNING_KEY_FILE);
        if let Ok(text) = std::fs::read_to_string(&private) {
            let expected = NoteSigner::parse(&text)?.verifier().to_text();
            if expected != verifier.to_text() {
                return Err(key_mismatch(
                    &public,
                    &private,
                    &verifier.to_text(),
                    &expected,
                ));
            }
        }
        let path = dir.join(LOG_FILE);
        let ctx = format!("cannot open {}", path.display());
        let file = File::open(&path).map_err(io_err(ctx.clone()))?;
        file.lock_shared()
            .map_err(io_err(format!("cannot lock {}", path.display())))?;
        let read = (|| -> Result<(State, Option<TailKind>), LogError> {
            let mark = crate::mark::read(dir)?;
            let (state, tail) = read_log(&file, &path, &verifier)?;
            if let Some(m) = &mark {
                crate::mark::check(dir, m, &state.tree, tail.as_ref())?;
            }
            Ok((state, tail))
        })();
        let _ = file.unlock();
        let (state, tail) = read?;
        let len = file.metadata().map_err(io_err(ctx.clone()))?.len();
        let recovery = Recovery {
            torn_bytes: len.saturating_sub(state.end),
            torn: tail,
            ..Recovery::default()
        };
        let reader = File::open(&path).map_err(io_err(ctx))?;
        let shared = Shared {
            path,
            dir: dir.to_path_buf(),
            signer: None,
            verifier,
            opts: LogOptions::default(),
            state: RwLock::new(state),
            writer: Mutex::new(file),
            reader: Mutex::new(reader),
            poisoned: AtomicBool::new(false),
        };
        Ok(Log {
            shared: Arc::new(shared),
            read_only: true,
            tx: Mutex::new(None),
            worker: Mutex::new(None),
            recovery,
        })
    }

    /// What recovery did when the log was opened.
    pub fn recovery(&self) -> &Recovery {
        &self.recovery
    }

    /// The public key that verifies this log's checkpoints.
    pub fn verifier(&self) -> &NoteVerifier {
        &self.shared.verifier
    }

    /// The log's origin (its key name).
    pub fn origin(&self) -> &str {
        self.shared.verifier.name()
    }

    /// Whether the log was opened with [`Log::open_read_only`].
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    fn sender(&self) -> Result<Sender<Job>, LogError> {
        if self.read_only {
            return Err(LogError::ReadOnly);
        }
        self.tx
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or(LogError::Closed)
    }

    fn job(
        &self,
        entry: &Entry,
    ) -> Result<(Job, tokio::sync::oneshot::Receiver<Result<u64, LogError>>), LogError> {
        let bytes = entry.to_canonical();
        if bytes.len() > MAX_PAYLOAD as usize {
            return Err(LogError::Entry(format!(
                "{} bytes is over the {MAX_PAYLOAD}-byte limit",
                bytes.len()
            )));
        }
        let (reply, rx) = tokio::sync::oneshot::channel();
        let job = Job::Append {
            leaf: leaf_hash(&bytes),
            bytes,
            ts: entry.ts,
            request_id: entry.request_id.clone(),
            reply,
        };
        Ok((job, rx))
    }

    /// Appends an entry; resolves to its index once it is durable.
    pub fn append(
        &self,
        entry: &Entry,
    ) -> impl std::future::Future<Output = Result<u64, LogError>> + Send + 'static {
        let sent = self.job(entry).and_then(|(job, rx)| {
            self.sender()?.send(job).map_err(|_| LogError::Closed)?;
            Ok(rx)
        });
        async move { sent?.await.map_err(|_| LogError::Closed)? }
    }

    /// Appends an entry from synchronous code (not from inside an async runtime).
    pub fn append_blocking(&self, entry: &Entry) -> Result<u64, LogError> {
        let (job, rx) = self.job(entry)?;
        self.sender()?.send(job).map_err(|_| LogError::Closed)?;
        rx.blocking_recv().map_err(|_| LogError::Closed)?
    }

    /// Signs a checkpoint now if entries are newer than the last one; returns the latest.
    pub fn checkpoint(
        &self,
    ) -> impl std::future::Future<Output = Result<Option<StoredCheckpoint>, LogError>> + Send + 'static
    {
        let (reply, rx) = tokio::sync::oneshot::channel();
        let sent = self
            .sender()
            .and_then(|tx| tx.send(Job::Sign { reply }).map_err(|_| LogError::Closed));
        async move {
            sent?;
            rx.await.map_err(|_| LogError::Closed)?
        }
    }

    /// [`Log::checkpoint`] from synchronous code.
    pub fn checkpoint_blocking(&self) -> Result<Option<StoredCheckpoint>, LogError> {
        let (reply, rx) = tokio::sync::oneshot::channel();
        self.sender()?
            .send(Job::Sign { reply })
            .map_err(|_| LogError::Closed)?;
        rx.blocking_recv().map_err(|_| LogError::Closed)?
    }

    fn state(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.shared.state.read().unwrap_or_else(|p| p.into_inner())
    }

    /// The number of durable entries.
    pub fn size(&self) -> u64 {
        self.state().tree.size()
    }

    /// The size of the latest signed checkpoint.
    pub fn signed_size(&self) -> u64 {
        self.state().signed_size()
    }

    /// The latest signed checkpoint.
    pub fn latest_checkpoint(&self) -> Option<StoredCheckpoint> {
        self.state().checkpoints.last().cloned()
    }

    /// The stored checkpoint of tree size `size`, if one was signed.
    pub fn checkpoint_at(&self, size: u64) -> Option<StoredCheckpoint> {
        let s = self.state();
        let i = s.checkpoints.binary_search_by_key(&size, |c| c.size).ok()?;
        Some(s.checkpoints[i].clone())
    }

    /// Every stored checkpoint, oldest first.
    pub fn checkpoints(&self) -> Vec<StoredCheckpoint> {
        self.state().checkpoints.clone()
    }

    /// The root hash of the first `size` entries.
    pub fn root_at(&self, size: u64) -> Result<Hash, LogError> {
        Ok(self.state().tree.root_at(size)?)
    }

    /// The leaf hash of entry `index`.
    pub fn leaf(&self, index: u64) -> Option<Hash> {
        self.state().tree.leaf(index)
    }

    /// Unix seconds of entry `index`.
    pub fn timestamp(&self, index: u64) -> Option<i64> {
        self.state().ts.get(usize::try_from(index).ok()?).copied()
    }

    /// The indexes of the entries of a request.
    pub fn find_request(&self, request_id: &str) -> Vec<u64> {
        self.state()
            .by_request
            .get(request_id)
            .cloned()
            .unwrap_or_default()
    }

    /// The first index whose timestamp is at least `ts` (entries are in append order; their
    /// timestamps are not required to be monotonic, so this is a linear scan).
    pub fn first_at_or_after(&self, ts: i64) -> u64 {
        let s = self.state();
        s.ts.iter().position(|&t| t >= ts).unwrap_or(s.ts.len()) as u64
    }

    /// One past the last index whose timestamp is at most `ts`.
    pub fn end_at_or_before(&self, ts: i64) -> u64 {
        let s = self.state();
        s.ts.iter().rposition(|&t| t <= ts).map_or(0, |i| i + 1) as u64
    }

    /// Up to `limit` entries from `start` on: (index, canonical bytes, leaf hash).
    pub fn entries(&self, start: u64, limit: usize) -> Result<Vec<(u64, Vec<u8>, Hash)>, LogError> {
        let spans: Vec<(u64, u64, u32, Hash)> = {
            let s = self.state();
            let size = s.tree.size();
            (start..size.min(start.saturating_add(limit as u64)))
                .map(|i| {
                    let u = i as usize;
                    (
                        i,
                        s.offsets[u],
                        s.lens[u],
                        s.tree.leaf(i).unwrap_or_default(),
                    )
                })
                .collect()
        };
        let mut f = self.shared.reader.lock().unwrap_or_else(|p| p.into_inner());
        let ctx = format!("cannot read {}", self.shared.path.display());
        let mut out = Vec::with_capacity(spans.len());
        for (i, off, len, leaf) in spans {
            let mut buf = vec![0u8; len as usize];
            f.seek(SeekFrom::Start(off))
                .and_then(|_| f.read_exact(&mut buf))
                .map_err(io_err(ctx.clone()))?;
            out.push((i, buf, leaf));
        }
        Ok(out)
    }

    /// The canonical bytes of entry `index`, if it exists.
    pub fn entry(&self, index: u64) -> Result<Option<Vec<u8>>, LogError> {
        Ok(self.entries(index, 1)?.pop().map(|(_, b, _)| b))
    }

    /// The inclusion proof of entry `index` in the tree of `size` entries.
    pub fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>, LogError> {
        Ok(self.state().tree.inclusion_proof(index, size)?)
    }

    /// The consistency proof between tree sizes `old` and `new`.
    pub fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>, LogError> {
        Ok(self.state().tree.consistency_proof(old, new)?)
    }

    /// The compact range of the first `size` entries.
    pub fn frontier(&self, size: u64) -> Result<CompactRange, LogError> {
        Ok(self.state().tree.frontier(size)?)
    }

    /// Stops the writer after it has written every queued entry and signed a final checkpoint.
    pub fn close(&self) {
        drop(self.tx.lock().unwrap_or_else(|p| p.into_inner()).take());
        if let Some(h) = self.worker.lock().unwrap_or_else(|p| p.into_inner()).take() {
            let _ = h.join();
        }
    }
}

impl Drop for Log {
    fn drop(&mut self) {
        self.close();
    }
}

fn writer_loop(shared: &Shared, rx: &Receiver<Job>) {
    let mut last_signed = Instant::now();
    loop {
        let unsigned = {
            let s = shared.state.read().unwrap_or_else(|p| p.into_inner());
            s.tree.size() > s.signed_size()
        };
        let first = if unsigned {
            let wait = shared
                .opts
                .checkpoint_interval
                .saturating_sub(last_signed.elapsed());
            match rx.recv_timeout(wait) {
                Ok(j) => j,
                Err(RecvTimeoutError::Timeout) => {
                    // On failure the next attempt waits a whole interval too (no busy loop);
                    // appends report the failure to their callers.
                    let _ = commit(shared, Vec::new(), true);
                    last_signed = Instant::now();
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            }
        } else {
            // Idle: every interval, read what other processes appended (so that this process's
            // size and checkpoints follow them, and their unsigned entries get signed here).
            match rx.recv_timeout(
                shared
                    .opts
                    .checkpoint_interval
                    .max(Duration::from_millis(50)),
            ) {
                Ok(j) => j,
                Err(RecvTimeoutError::Timeout) => {
                    let _ = commit(shared, Vec::new(), false);
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            }
        };
        let mut appends = Vec::new();
        let mut signs = Vec::new();
        let mut next = Some(first);
        while let Some(j) = next.take() {
            match j {
                Job::Append {
                    bytes,
                    leaf,
                    ts,
                    request_id,
                    reply,
                } => appends.push((bytes, leaf, ts, request_id, reply)),
                Job::Sign { reply } => signs.push(reply),
            }
            if appends.len() < shared.opts.max_batch {
                next = rx.try_recv().ok();
            }
        }
        let sign = !signs.is_empty()
            || last_signed.elapsed() >= shared.opts.checkpoint_interval
            || shared.opts.checkpoint_interval.is_zero();
        let (items, replies): (Vec<_>, Vec<_>) = appends
            .into_iter()
            .map(|(b, l, t, r, reply)| ((b, l, t, r), reply))
            .unzip();
        let result = commit(shared, items, sign);
        if sign && result.is_ok() {
            last_signed = Instant::now();
        }
        match result {
            Ok(first_index) => {
                for (i, r) in replies.into_iter().enumerate() {
                    let _ = r.send(Ok(first_index + i as u64));
                }
            }
            Err(e) => {
                for r in replies {
                    let _ = r.send(Err(e.clone()));
                }
            }
        }
        let latest = shared
            .state
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .checkpoints
            .last()
            .cloned();
        for r in signs {
            let _ = r.send(Ok(latest.clone()));
        }
    }
    // Closing: sign whatever is not yet covered by a checkpoint.
    let unsigned = {
        let s = shared.state.read().unwrap_or_else(|p| p.into_inner());
        s.tree.size() > s.signed_size()
    };
    if unsigned {
        let _ = commit(shared, Vec::new(), true);
    }
}

type Item = (Vec<u8>, Hash, i64, Option<String>);

/// Writes `items` and a boundary record (signed when `sign`, or when nothing else is written
/// and entries are unsigned) with one `fsync`; returns the index of the first item.
fn commit(shared: &Shared, items: Vec<Item>, sign: bool) -> Result<u64, LogError> {
    if shared.poisoned.load(Ordering::SeqCst) {
        return Err(LogError::Poisoned);
    }
    let file = shared.writer.lock().unwrap_or_else(|p| p.into_inner());
    let path = &shared.path;
    file.lock()
        .map_err(io_err(format!("cannot lock {}", path.display())))?;
    let result = commit_locked(shared, &file, items, sign);
    let _ = file.unlock();
    result
}

fn commit_locked(
    shared: &Shared,
    file: &File,
    items: Vec<Item>,
    sign: bool,
) -> Result<u64, LogError> {
    let path = &shared.path;
    // Catch up with other processes' batches.
    let len = file
        .metadata()
        .map_err(io_err(format!("cannot stat {}", path.display())))?
        .len();
    let end = shared.state.read().unwrap_or_else(|p| p.into_inner()).end;
    if len != end {
        let mut s = shared.state.write().unwrap_or_else(|p| p.into_inner());
        scan(file, path, &mut s, &shared.verifier)?;
        if len > s.end {
            // Another writer died mid-batch while holding the lock: its tail was never
            // acknowledged.
            file.set_len(s.end)
                .and_then(|_| file.sync_data())
                .map_err(io_err(format!("cannot truncate {}", path.display())))?;
        }
    }
    let (first_index, mut frontier, base, signed_size) = {
        let s = shared.state.read().unwrap_or_else(|p| p.into_inner());
        (s.tree.size(), s.frontier.clone(), s.end, s.signed_size())
    };
    if items.is_empty() && (first_index == signed_size || !sign) {
        return Ok(first_index);
    }
    let mut buf = Vec::with_capacity(items.iter().map(|i| i.0.len() + 37).sum::<usize>() + 256);
    let mut pending = Vec::with_capacity(items.len());
    for (bytes, leaf, ts, request_id) in items {
        let offset = base + buf.len() as u64 + 5;
        frame(TAG_ENTRY, &bytes, &leaf, &mut buf);
        frontier.push(leaf);
        pending.push(Pending {
            offset,
            len: bytes.len() as u32,
            leaf,
            ts,
            request_id,
        });
    }
    let size = frontier.size();
    let root = frontier.root();
    let note = match (sign, &shared.signer) {
        (false, _) => None,
        (true, Some(signer)) => Some(signer.sign(size, &root)),
        (true, None) => return Err(LogError::ReadOnly),
    };
    match &note {
        Some(n) => frame(
            TAG_SIGNED,
            n.as_bytes(),
            &boundary_check(TAG_SIGNED, n.as_bytes()),
            &mut buf,
        ),
        None => {
            let p = commit_payload(size, &root);
            frame(TAG_COMMIT, &p, &boundary_check(TAG_COMMIT, &p), &mut buf);
        }
    }
    let written = (|| {
        let mut f = file;
        f.write_all(&buf)?;
        file.sync_data()
    })();
    if let Err(e) = written {
        // Undo the partial write; if even that fails, refuse further writes.
        if file.set_len(base).and_then(|_| file.sync_data()).is_err() {
            shared.poisoned.store(true, Ordering::SeqCst);
        }
        return Err(io_err(format!("cannot append to {}", path.display()))(e));
    }
    let signed = note.is_some();
    {
        let mut s = shared.state.write().unwrap_or_else(|p| p.into_inner());
        for p in pending {
            apply(&mut s, p);
        }
        s.end = base + buf.len() as u64;
        if let Some(note) = note {
            s.checkpoints.push(StoredCheckpoint { size, root, note });
        }
    }
    if signed {
        // After the checkpoint record is durable, so the mark is never ahead of the log; under
        // the file lock, so marks of several processes only grow.
        crate::mark::write(&shared.dir, crate::mark::Mark { size, root })?;
    }
    Ok(first_index)
}

/// Reads the public key file of a log directory.
pub fn read_public_key(path: &Path) -> Result<NoteVerifier, LogError> {
    let text =
        std::fs::read_to_string(path).map_err(io_err(format!("cannot read {}", path.display())))?;
    Ok(NoteVerifier::parse(&text)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::EntryKind;

    #[test]
    fn index_fields_agree_with_a_full_parse() {
        let mut e = Entry {
            action: "a".into(),
            actor: "x".into(),
            attrs: [
                ("request_id".to_string(), "decoy".to_string()),
                ("note".to_string(), ",\"ts\":5,\"v\":1".to_string()),
            ]
            .into(),
            kind: EntryKind::Decision,
            outcome: "allow".into(),
            policies: vec![],
            request_id: Some("r\"1\\".into()),
            subject: ",\"subject\":\"s\",\"ts\":9".into(),
            ts: -42,
            v: 1,
        };
        for rid in [Some("r\"1\\".to_string()), Some("abc".into()), None] {
            e.request_id = rid.clone();
            let b = e.to_canonical();
            assert_eq!(fast_index_fields(&b), Some((-42, rid)));
        }
        assert_eq!(index_fields(b"{\"ts\":3}"), (3, None));
    }
}

/// The records of a log file as stored, without any check.
#[derive(Debug, Default)]
pub struct RawLog {
    /// Entry payloads in file order.
    pub entries: Vec<Vec<u8>>,
    /// Signed checkpoint notes in file order.
    pub notes: Vec<String>,
}

/// Reads a log file record by record, ignoring check values (for forensics on a damaged log).
/// Stops at the first record whose framing cannot be read.
pub fn read_raw(path: &Path) -> Result<RawLog, LogError> {
    let data = std::fs::read(path).map_err(io_err(format!("cannot read {}", path.display())))?;
    if !data.starts_with(MAGIC) {
        return Err(LogError::Corrupt {
            offset: 0,
            detail: "not a Ferret audit log (bad header)".into(),
        });
    }
    let mut raw = RawLog::default();
    let mut at = MAGIC.len();
    while at + 5 <= data.len() {
        let tag = data[at];
        let len =
            u32::from_le_bytes([data[at + 1], data[at + 2], data[at + 3], data[at + 4]]) as usize;
        let Some(payload) = data.get(at + 5..at + 5 + len) else {
            break;
        };
        if at + 5 + len + 32 > data.len() {
            break;
        }
        match tag {
            TAG_ENTRY => raw.entries.push(payload.to_vec()),
            TAG_SIGNED => raw
                .notes
                .push(String::from_utf8_lossy(payload).into_owned()),
            TAG_COMMIT => {}
            _ => break,
        }
        at += 5 + len + 32;
    }
    Ok(raw)
}
