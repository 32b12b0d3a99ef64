//! `ferret_audit` is the gateway's tamper-evident audit log. Entries (decisions, admin and
//! regulator actions, screening hits, key events) are canonical JSON ([`entry`]), hashed into an
//! RFC 6962 / RFC 9162 Merkle tree ([`merkle`]) whose heads are published as Ed25519-signed
//! checkpoints in the C2SP `tlog-checkpoint` / `signed-note` format ([`note`]). The log is one
//! append-only file with group commit and crash recovery ([`log`]); inclusion and consistency
//! proofs come from the in-memory tree, and [`bundle`] exports a range of the log with its
//! checkpoints and proofs for offline verification, from a file log or from a [`Snapshot`] of a log
//! stored elsewhere. This crate does no network I/O.

pub mod bundle;
pub mod entry;
pub mod log;
pub mod mark;
pub mod merkle;
pub mod note;
pub mod source;
pub mod tail;

pub use bundle::{BundleHeader, Inconsistency, VerifyReport};
pub use entry::{Entry, EntryKind};
pub use log::{Log, LogError, LogOptions, Recovery, StoredCheckpoint};
pub use merkle::Hash;
pub use note::{Checkpoint, NoteSigner, NoteVerifier};
pub use source::{ExportSource, Snapshot};
pub use tail::TailKind;
