//! The incremental scan cache: per-file results, flow IR and the taint pass's state on disk.
//!
//! A file's entry is keyed by (engine version, rules hash, scan options, the file's path as
//! reported, BLAKE3 of its content); it holds the file's findings, counts and issue, and for a
//! file of a taint language its flow IR (binary, postcard). The taint entry is keyed by the
//! same plus the path and content hash of every file scanned: a scan of an unchanged tree
//! reads and hashes every file but parses and analyses none. When something changed, the
//! state of the last taint pass over the same paths (see `ferret_taint::incremental`) lets the pass
//! analyse only what the change can affect. Entries are written to a temporary name and
//! renamed, so a crash never leaves a torn entry; an unreadable entry is a miss. Outcomes that
//! depend on timing (a parse timeout) are never stored.

use std::path::{Path, PathBuf};

use ferret_core::{ENGINE_VERSION, FileIssue, Finding, SkipReason};
use ferret_taint::TaintFile;
use ferret_taint::incremental::TaintState;
use serde::{Deserialize, Serialize};

use crate::FileOutcome;

/// Where and for which rules to cache.
#[derive(Debug, Clone)]
pub struct CacheOptions {
    /// The cache directory.
    pub dir: PathBuf,
    /// A hash of the rules' sources (the caller knows where they came from).
    pub rules_hash: String,
}

impl CacheOptions {
    /// The default location: `$FERRET_CACHE_DIR/scan`, else `$XDG_CACHE_HOME/ferret/scan`, else
    /// `~/.cache/ferret/scan`.
    pub fn default_dir() -> Option<PathBuf> {
        if let Some(d) = std::env::var_os("FERRET_CACHE_DIR") {
            return Some(PathBuf::from(d).join("scan"));
        }
        if let Some(d) = std::env::var_os("XDG_CACHE_HOME") {
            return Some(PathBuf::from(d).join("ferret").join("scan"));
        }
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/ferret/scan"))
    }
}

/// A file's cached outcome.
#[derive(Debug, Serialize, Deserialize)]
struct FileEntry {
    findings: Vec<Finding>,
    lines: u64,
    bytes: u64,
    scanned: bool,
    parsed: bool,
    issue: Option<FileIssue>,
    suppressed: u64,
}

/// The project's cached taint results.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct TaintEntry {
    pub(crate) findings: Vec<Finding>,
    pub(crate) issues: Vec<FileIssue>,
    pub(crate) suppressed: u64,
}

/// An open cache for one scan.
#[derive(Debug)]
pub(crate) struct Cache {
    dir: PathBuf,
    /// Engine version, rules and options, hashed.
    base: String,
}

fn binary(kind: &str) -> bool {
    kind == "ir" || kind == "state"
}

fn hex(h: blake3::Hash) -> String {
    h.to_hex().to_string()
}

impl Cache {
    pub(crate) fn new(opts: &CacheOptions, options_digest: &str) -> Cache {
        let mut h = blake3::Hasher::new();
        let ir = format!("ir{}", ferret_taint::IR_VERSION);
        // The taint library models are data embedded at build time: a rebuild with edited
        // models must not reuse results.
        let models = ferret_taint::models_digest();
        for part in [
            ENGINE_VERSION,
            &ir,
            &models,
            &opts.rules_hash,
            options_digest,
        ] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        Cache {
            dir: opts.dir.clone(),
            base: hex(h.finalize()),
        }
    }

    fn key(&self, kind: &str, parts: &[&str]) -> String {
        let mut h = blake3::Hasher::new();
        h.update(kind.as_bytes());
        h.update(self.base.as_bytes());
        for p in parts {
            h.update(&(p.len() as u64).to_le_bytes());
            h.update(p.as_bytes());
        }
        hex(h.finalize())
    }

    fn path(&self, kind: &str, key: &str) -> PathBuf {
        // Flow IR and taint state are binary (postcard); everything else is JSON.
        let ext = if binary(kind) { "bin" } else { "json" };
        self.dir
            .join(kind)
            .join(&key[..2])
            .join(format!("{key}.{ext}"))
    }

    fn read<T: for<'de> Deserialize<'de>>(&self, kind: &str, key: &str) -> Option<T> {
        let bytes = std::fs::read(self.path(kind, key)).ok()?;
        if binary(kind) {
            postcard::from_bytes(&bytes).ok()
        } else {
            serde_json::from_slice(&bytes).ok()
        }
    }

    fn write<T: Serialize>(&self, kind: &str, key: &str, value: &T) {
        let path = self.path(kind, key);
        let Some(parent) = path.parent() else { return };
        // A cache that cannot be written costs the next scan time, never this one's results.
        if std::fs::create_dir_all(parent).is_err() {
            return;
        }
        let body = if binary(kind) {
            postcard::to_stdvec(value).ok()
        } else {
            serde_json::to_vec(value).ok()
        };
        let Some(body) = body else {
            return;
        };
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&tmp, body).is_ok() {
            let _ = std::fs::rename(&tmp, &path);
        }
    }

    /// A file's flow IR and taint-rule spots (`None` when the file has none: unparsable, too
    /// large), stored under the file's key.
    pub(crate) fn get_ir(&self, key: &str) -> Option<Option<TaintFile>> {
        self.read("ir", key)
    }

    pub(crate) fn put_ir(&self, key: &str, o: &FileOutcome) {
        if o.issue.as_ref().is_some_and(|i| {
            i.reason == SkipReason::ParseTimeout || i.reason == SkipReason::ReadError
        }) {
            return;
        }
        self.write("ir", key, &o.taint);
    }

    pub(crate) fn file_key(&self, display: &str, content: &str) -> String {
        self.key("file", &[display, content])
    }

    pub(crate) fn get_file(&self, key: &str) -> Option<FileOutcome> {
        let e: FileEntry = self.read("files", key)?;
        Some(FileOutcome {
            findings: e.findings,
            lines: e.lines,
            bytes: e.bytes,
            scanned: e.scanned,
            parsed: false,
            issue: e.issue,
            suppressed: e.suppressed,
            taint: None,
            taint_full: None,
            cached: true,
        })
    }

    pub(crate) fn put_file(&self, key: &str, o: &FileOutcome) {
        if o.issue.as_ref().is_some_and(|i| {
            i.reason == SkipReason::ParseTimeout || i.reason == SkipReason::ReadError
        }) {
            return;
        }
        let e = FileEntry {
            findings: o.findings.clone(),
            lines: o.lines,
            bytes: o.bytes,
            scanned: o.scanned,
            parsed: o.parsed,
            issue: o.issue.clone(),
            suppressed: o.suppressed,
        };
        self.write("files", key, &e);
    }

    /// The taint key of a project: every file's path and content hash, in order.
    pub(crate) fn taint_key(&self, files: &[(&str, Option<&str>)], shard: &str) -> String {
        let mut h = blake3::Hasher::new();
        h.update(shard.as_bytes());
        for (path, content) in files {
            h.update(&(path.len() as u64).to_le_bytes());
            h.update(path.as_bytes());
            h.update(content.unwrap_or("-").as_bytes());
        }
        self.key("taint", &[&hex(h.finalize())])
    }

    /// The key of the last taint pass's state for a scan of the same paths and shard.
    pub(crate) fn state_key(&self, scan: &str) -> String {
        self.key("state", &[scan])
    }

    pub(crate) fn get_state(&self, key: &str) -> Option<TaintState> {
        self.read("state", key)
    }

    pub(crate) fn put_state(&self, key: &str, s: &TaintState) {
        self.write("state", key, s);
    }

    pub(crate) fn get_taint(&self, key: &str) -> Option<TaintEntry> {
        self.read("taint", key)
    }

    pub(crate) fn put_taint(&self, key: &str, e: &TaintEntry) {
        if e.issues
            .iter()
            .any(|i| i.reason == SkipReason::ParseTimeout)
        {
            return;
        }
        self.write("taint", key, e);
    }
}

/// BLAKE3 of a file's content, or `None` if it cannot be read or is over `max`.
pub(crate) fn content_hash(path: &Path, size: u64, max: u64) -> Option<String> {
    if size > max {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    Some(hex(blake3::hash(&bytes)))
}
