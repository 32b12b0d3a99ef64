//! Bundles: a self-contained export of a range of the log that a regulator verifies offline.
//!
//! A bundle is text. Its first line is a JSON header: the origin and public key, the index of
//! the first entry (`start`), the compact range of the entries before it (`left`: one base64
//! subtree hash per set bit of `start`), every signed checkpoint whose tree ends inside the
//! range, and a consistency proof between each pair of successive checkpoints. Then one line per
//! entry, each the entry's canonical JSON, up to the size of the last checkpoint.
//!
//! [`verify`] checks every checkpoint's signature, the consistency proofs, then streams the
//! entries through a compact range and compares the root at each checkpoint's size, so that
//! every entry is proven included in every checkpoint after it. It stops at the first
//! inconsistency and names it.

// Verification returns one error, once: boxing its detailed variants would gain nothing.
#![allow(clippy::result_large_err)]

use std::io::{BufRead, Write};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};

use crate::log::LogError;
use crate::merkle::{CompactRange, Hash, hex, leaf_hash, verify_consistency};
use crate::note::{NoteError, NoteVerifier};
use crate::source::ExportSource;

/// The bundle format tag.
pub const BUNDLE_FORMAT: &str = "ferret-audit-bundle/1";

/// The first line of a bundle.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct BundleHeader {
    /// [`BUNDLE_FORMAT`].
    pub format: String,
    /// The log's origin.
    pub origin: String,
    /// The log's public key (informational: verify with a key you obtained independently).
    pub public_key: String,
    /// Index of the first entry in the bundle.
    pub start: u64,
    /// Number of entry lines that follow.
    pub count: u64,
    /// Base64 hashes of the complete subtrees before `start`, largest first.
    pub left: Vec<String>,
    /// Signed checkpoint notes, in increasing tree size.
    pub checkpoints: Vec<String>,
    /// A consistency proof between each pair of successive checkpoints.
    pub consistency: Vec<ConsistencyStep>,
    /// The time range asked for (unix seconds), informational.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_ts: Option<i64>,
    /// The time range asked for (unix seconds), informational.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_ts: Option<i64>,
}

/// A consistency proof between two tree sizes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ConsistencyStep {
    /// Older tree size.
    pub from: u64,
    /// Newer tree size.
    pub to: u64,
    /// Base64 proof hashes.
    pub proof: Vec<String>,
}

/// Errors of export.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The log.
    #[error(transparent)]
    Log(#[from] LogError),
    /// Writing the bundle.
    #[error("cannot write the bundle: {0}")]
    Write(#[from] std::io::Error),
    /// Nothing to export.
    #[error("nothing to export: {0}")]
    Empty(String),
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    /// First entry index.
    pub start: u64,
    /// Entries written.
    pub count: u64,
    /// Checkpoints written.
    pub checkpoints: usize,
}

fn b64(h: &Hash) -> String {
    B64.encode(h)
}

/// The entry range `[first, end)` an export of `[from_ts, to_ts]` starts from, before it is
/// extended to the next checkpoint; `Empty` when there is nothing to export (checked before
/// anything is written, so that a server can answer 404 and still stream the bundle).
pub fn plan(
    log: &(impl ExportSource + ?Sized),
    from_ts: Option<i64>,
    to_ts: Option<i64>,
) -> Result<(u64, u64), BundleError> {
    let Some(latest) = log.latest_checkpoint() else {
        return Err(BundleError::Empty(
            "the log has no signed checkpoint".into(),
        ));
    };
    let a = from_ts.map_or(0, |t| log.first_at_or_after(t));
    let b = to_ts
        .map_or(latest.size, |t| log.end_at_or_before(t))
        .min(latest.size);
    if a >= b {
        return Err(BundleError::Empty(
            "no checkpointed entry in this time range".into(),
        ));
    }
    Ok((a, b))
}

/// Writes a bundle of the entries with timestamps in `[from_ts, to_ts]` (unix seconds; `None`
/// is unbounded), extended to the next signed checkpoint. Sign a checkpoint first
/// ([`crate::Log::checkpoint`]) to include the newest entries. The source is a file
/// [`crate::Log`] or a [`crate::source::Snapshot`] of a log stored elsewhere.
pub fn export(
    log: &(impl ExportSource + ?Sized),
    from_ts: Option<i64>,
    to_ts: Option<i64>,
    out: &mut impl Write,
) -> Result<ExportSummary, BundleError> {
    let (a, b) = plan(log, from_ts, to_ts)?;
    let cps = log.checkpoints();
    let included: Vec<_> = cps
        .iter()
        .filter(|c| c.size > a)
        .scan(false, |done, c| {
            // Every checkpoint inside the range, and the first one at or after its end.
            if *done {
                return None;
            }
            *done = c.size >= b;
            Some(c)
        })
        .collect();
    let end = included.last().map_or(b, |c| c.size);
    let mut consistency = Vec::with_capacity(included.len().saturating_sub(1));
    for w in included.windows(2) {
        consistency.push(ConsistencyStep {
            from: w[0].size,
            to: w[1].size,
            proof: log
                .consistency_proof(w[0].size, w[1].size)?
                .iter()
                .map(b64)
                .collect(),
        });
    }
    let header = BundleHeader {
        format: BUNDLE_FORMAT.into(),
        origin: log.origin().to_string(),
        public_key: log.verifier().to_text(),
        start: a,
        count: end - a,
        left: log.frontier(a)?.frontier().iter().map(b64).collect(),
        checkpoints: included.iter().map(|c| c.note.clone()).collect(),
        consistency,
        from_ts,
        to_ts,
    };
    serde_json::to_writer(&mut *out, &header).map_err(std::io::Error::other)?;
    out.write_all(b"\n")?;
    let mut i = a;
    while i < end {
        let chunk = log.entries(i, 4096.min((end - i) as usize))?;
        if chunk.is_empty() {
            break;
        }
        for (_, bytes, _) in &chunk {
            out.write_all(bytes)?;
            out.write_all(b"\n")?;
        }
        i += chunk.len() as u64;
    }
    out.flush()?;
    Ok(ExportSummary {
        start: a,
        count: end - a,
        checkpoints: included.len(),
    })
}

/// Writes a bundle of a log file as it is stored, without recovery or checks (for a log that
/// refuses to open because it is damaged): every entry record from index 0, and every signed
/// checkpoint record, so that [`verify`] can say where the damage is.
pub fn export_raw(
    path: &std::path::Path,
    key: &NoteVerifier,
    out: &mut impl Write,
) -> Result<ExportSummary, BundleError> {
    let raw = crate::log::read_raw(path)?;
    export_records(&raw, key, out)
}

/// Writes a bundle of `raw`'s records as they are, without checks: every entry from index 0 and
/// every checkpoint note, in the order given (see [`export_raw`]; also used for a log stored
/// elsewhere, such as the gateway's PostgreSQL log).
pub fn export_records(
    raw: &crate::log::RawLog,
    key: &NoteVerifier,
    out: &mut impl Write,
) -> Result<ExportSummary, BundleError> {
    let mut tree = crate::merkle::Tree::new();
    for e in &raw.entries {
        tree.push(leaf_hash(e));
    }
    let sizes: Vec<u64> = raw
        .notes
        .iter()
        .map(|n| crate::note::Checkpoint::parse_unverified(n).map_or(0, |c| c.size))
        .collect();
    let mut consistency = Vec::new();
    for w in sizes.windows(2) {
        let proof = tree
            .consistency_proof(w[0], w[1])
            .map(|p| p.iter().map(b64).collect())
            .unwrap_or_default();
        consistency.push(ConsistencyStep {
            from: w[0],
            to: w[1],
            proof,
        });
    }
    let header = BundleHeader {
        format: BUNDLE_FORMAT.into(),
        origin: key.name().to_string(),
        public_key: key.to_text(),
        start: 0,
        count: raw.entries.len() as u64,
        left: Vec::new(),
        checkpoints: raw.notes.clone(),
        consistency,
        from_ts: None,
        to_ts: None,
    };
    serde_json::to_writer(&mut *out, &header).map_err(std::io::Error::other)?;
    out.write_all(b"\n")?;
    for e in &raw.entries {
        out.write_all(e)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExportSummary {
        start: 0,
        count: raw.entries.len() as u64,
        checkpoints: raw.notes.len(),
    })
}

/// The first inconsistency found by [`verify`].
#[derive(Debug, thiserror::Error)]
pub enum Inconsistency {
    /// Reading the bundle failed.
    #[error("cannot read the bundle: {0}")]
    Read(#[from] std::io::Error),
    /// The header is malformed.
    #[error("bundle header: {0}")]
    Header(String),
    /// A checkpoint's signature or format.
    #[error("checkpoint #{index}: {error}")]
    Checkpoint {
        /// Position in the bundle's checkpoint list (0-based), or in `--checkpoint` order after
        /// them.
        index: usize,
        /// What is wrong.
        error: NoteError,
    },
    /// Two validly signed checkpoints that cannot both be views of one append-only log.
    #[error(
        "fork: checkpoint {later} (size {later_size}, root {later_root}) is not consistent \
         with checkpoint {earlier} (size {earlier_size}, root {earlier_root}): {why}"
    )]
    Fork {
        /// The earlier checkpoint's label.
        earlier: String,
        /// Its size.
        earlier_size: u64,
        /// Its root, hex.
        earlier_root: String,
        /// The later checkpoint's label.
        later: String,
        /// Its size.
        later_size: u64,
        /// Its root, hex.
        later_root: String,
        /// Why.
        why: String,
    },
    /// Entries do not reproduce a signed root.
    #[error(
        "{entries} ({what}) do not reproduce checkpoint {checkpoint} (tree size {size}): \
         expected root {expected}, the bundle's entries give {actual}; an entry there was \
         altered, removed, reordered or inserted"
    )]
    Entry {
        /// The first entry index of the segment.
        first: u64,
        /// The last entry index of the segment.
        last: u64,
        /// "entry N" or "one of entries N..M".
        entries: String,
        /// A description of the (first) entry: request id, action, leaf hash.
        what: String,
        /// Label of the checkpoint.
        checkpoint: String,
        /// Its size.
        size: u64,
        /// Signed root, hex.
        expected: String,
        /// Computed root, hex.
        actual: String,
    },
    /// The bundle ends before the last checkpoint's size.
    #[error(
        "entries {first}..{last} are missing: the bundle ends after {have} entries but \
         checkpoint {checkpoint} has tree size {size}"
    )]
    Missing {
        /// First missing index.
        first: u64,
        /// Last missing index.
        last: u64,
        /// Entries present (start + lines).
        have: u64,
        /// Label of the checkpoint.
        checkpoint: String,
        /// Its size.
        size: u64,
    },
    /// A consistency proof of the bundle does not verify, although the entries reproduce both
    /// checkpoints (the proof itself was altered).
    #[error("consistency proof {index} (tree size {from} to {to}) does not verify")]
    Proof {
        /// Position in the bundle's list.
        index: usize,
        /// Older size.
        from: u64,
        /// Newer size.
        to: u64,
    },
    /// A checkpoint given with `--checkpoint` is of a larger tree than the bundle, which was not
    /// asked for a closed time range: the bundle is stale, or the log was rolled back.
    #[error(
        "checkpoint {checkpoint} has tree size {size}, but the bundle ends at tree size \
         {bundle_size}: the bundle is older than that checkpoint, or the log was rolled back \
         (export a new bundle; a bundle of a closed time range, with an end, may end earlier)"
    )]
    Behind {
        /// Label of the given checkpoint.
        checkpoint: String,
        /// Its size.
        size: u64,
        /// The bundle's last checkpoint's size.
        bundle_size: u64,
    },
    /// More entries than the last checkpoint covers.
    #[error(
        "entry {index} is beyond the last checkpoint (tree size {size}): entries were inserted \
         or the bundle was extended"
    )]
    Extra {
        /// The first extra index.
        index: u64,
        /// The last checkpoint's size.
        size: u64,
    },
}

/// The result of a successful [`verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// The log's origin.
    pub origin: String,
    /// First entry index.
    pub start: u64,
    /// Entries verified.
    pub entries: u64,
    /// Checkpoints verified (the bundle's and the extra ones).
    pub checkpoints: usize,
    /// The last checkpoint's tree size.
    pub tree_size: u64,
    /// Its root.
    pub root: Hash,
    /// Extra checkpoints outside the bundle's range (their signatures hold; consistency with
    /// the bundle cannot be checked without the entries): before its first entry, or after its
    /// end when the bundle is of a closed time range.
    pub unchecked: Vec<u64>,
    /// Entries whose timestamp is before the header's `from_ts`.
    pub before_from: OutOfRange,
    /// Entries whose timestamp is after the header's `to_ts` (expected for the entries after
    /// the range's last one: a bundle extends to the next signed checkpoint).
    pub after_to: OutOfRange,
}

/// Entries of a bundle outside the time range that its header names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutOfRange {
    /// How many.
    pub count: u64,
    /// The index of the first.
    pub first: Option<u64>,
    /// The index of the last.
    pub last: Option<u64>,
}

impl OutOfRange {
    fn add(&mut self, index: u64) {
        self.count += 1;
        self.first.get_or_insert(index);
        self.last = Some(index);
    }
}

struct Cp {
    label: String,
    size: u64,
    root: Hash,
}

struct Mismatch {
    checkpoint: usize,
    first: u64,
    first_line: Vec<u8>,
    actual: Hash,
}

fn fork(a: &Cp, b: &Cp, why: String) -> Inconsistency {
    Inconsistency::Fork {
        earlier: a.label.clone(),
        earlier_size: a.size,
        earlier_root: hex(&a.root),
        later: b.label.clone(),
        later_size: b.size,
        later_root: hex(&b.root),
        why,
    }
}

fn decode_hash(s: &str, what: &str) -> Result<Hash, Inconsistency> {
    B64.decode(s)
        .ok()
        .and_then(|v| v.try_into().ok())
        .ok_or_else(|| Inconsistency::Header(format!("{what}: {s:?} is not a base64 hash")))
}

fn describe(line: &[u8]) -> String {
    let leaf = hex(&leaf_hash(line));
    match serde_json::from_slice::<serde_json::Value>(line) {
        Ok(v) => {
            let get = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("-").to_string();
            format!(
                "request id {}, {} {} on {}, leaf hash {leaf}",
                get("request_id"),
                get("kind"),
                get("action"),
                get("subject")
            )
        }
        Err(_) => format!("not JSON, leaf hash {leaf}"),
    }
}

/// Verifies a bundle against `key`, and the `extra` checkpoints (notes the verifier obtained
/// elsewhere, e.g. from the gateway earlier) against it. Stops at the first inconsistency.
pub fn verify(
    mut input: impl BufRead,
    key: &NoteVerifier,
    extra: &[String],
) -> Result<VerifyReport, Inconsistency> {
    let mut line = Vec::with_capacity(4096);
    input.read_until(b'\n', &mut line)?;
    let header: BundleHeader = serde_json::from_slice(&line)
        .map_err(|e| Inconsistency::Header(format!("not a bundle header: {e}")))?;
    if header.format != BUNDLE_FORMAT {
        return Err(Inconsistency::Header(format!(
            "format {:?} is not {BUNDLE_FORMAT}",
            header.format
        )));
    }
    // Signatures.
    let mut cps = Vec::with_capacity(header.checkpoints.len());
    for (i, note) in header.checkpoints.iter().enumerate() {
        let cp = key
            .open(note)
            .map_err(|error| Inconsistency::Checkpoint { index: i, error })?;
        cps.push(Cp {
            label: format!("#{i}"),
            size: cp.size,
            root: cp.root,
        });
    }
    let Some(last) = cps.last() else {
        return Err(Inconsistency::Header("the bundle has no checkpoint".into()));
    };
    let (tree_size, tree_root) = (last.size, last.root);
    // Order, and same-size forks.
    if header.consistency.len() != cps.len() - 1 {
        return Err(Inconsistency::Header(format!(
            "{} consistency proofs for {} checkpoints",
            header.consistency.len(),
            cps.len()
        )));
    }
    for w in cps.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if b.size <= a.size && !(b.size == a.size && b.root != a.root) {
            return Err(Inconsistency::Header(format!(
                "checkpoint {} (size {}) does not follow checkpoint {} (size {})",
                b.label, b.size, a.label, a.size
            )));
        }
    }
    // Extra checkpoints join the schedule of roots to compare.
    let mut unchecked = Vec::new();
    let mut behind = None;
    let n_bundle = cps.len();
    for (j, note) in extra.iter().enumerate() {
        let cp = key.open(note).map_err(|error| Inconsistency::Checkpoint {
            index: n_bundle + j,
            error,
        })?;
        if cp.size > tree_size && header.to_ts.is_none() && behind.is_none() {
            // Reported once everything the bundle holds has been checked.
            behind = Some(Inconsistency::Behind {
                checkpoint: format!("--checkpoint {j}"),
                size: cp.size,
                bundle_size: tree_size,
            });
        }
        if cp.size <= header.start || cp.size > tree_size {
            unchecked.push(cp.size);
            continue;
        }
        cps.push(Cp {
            label: format!("--checkpoint {j}"),
            size: cp.size,
            root: cp.root,
        });
    }
    cps.sort_by_key(|c| c.size);
    for w in cps.windows(2) {
        if w[0].size == w[1].size && w[0].root != w[1].root {
            return Err(fork(&w[0], &w[1], "same tree size, different roots".into()));
        }
    }
    // Entries.
    let left = header
        .left
        .iter()
        .map(|h| decode_hash(h, "left"))
        .collect::<Result<Vec<_>, _>>()?;
    let mut range = CompactRange::from_frontier(header.start, left).ok_or_else(|| {
        Inconsistency::Header(format!(
            "{} left hashes for start {}",
            header.left.len(),
            header.start
        ))
    })?;
    let mut next = 0usize;
    let mut seg_start = header.start;
    let mut seg_first: Vec<u8> = Vec::new();
    let mut mismatch: Option<Mismatch> = None;
    let (mut before_from, mut after_to) = (OutOfRange::default(), OutOfRange::default());
    let ranged = header.from_ts.is_some() || header.to_ts.is_some();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        let l = line.strip_suffix(b"\n").unwrap_or(&line);
        if next == cps.len() {
            if mismatch.is_some() {
                break;
            }
            return Err(Inconsistency::Extra {
                index: range.size(),
                size: tree_size,
            });
        }
        if range.size() == seg_start {
            seg_first.clear();
            seg_first.extend_from_slice(l);
        }
        if ranged {
            let ts = crate::log::entry_ts(l);
            if header.from_ts.is_some_and(|f| ts.is_none_or(|t| t < f)) {
                before_from.add(range.size());
            }
            if header.to_ts.is_some_and(|t| ts.is_none_or(|ts| ts > t)) {
                after_to.add(range.size());
            }
        }
        range.push(leaf_hash(l));
        while next < cps.len() && cps[next].size == range.size() {
            let root = range.root();
            if root == cps[next].root {
                if let Some(m) = mismatch.take() {
                    // The entries are those of this validly signed tree, so the earlier
                    // checkpoint that they do not reproduce was signed over another history.
                    return Err(fork(
                        &cps[m.checkpoint],
                        &cps[next],
                        format!(
                            "the entries that reproduce the later checkpoint give root {} at \
                             size {}",
                            hex(&m.actual),
                            cps[m.checkpoint].size
                        ),
                    ));
                }
            } else if mismatch.is_none() {
                mismatch = Some(Mismatch {
                    checkpoint: next,
                    first: seg_start,
                    first_line: seg_first.clone(),
                    actual: root,
                });
            }
            seg_start = cps[next].size;
            next += 1;
        }
    }
    if let Some(m) = mismatch {
        let cp = &cps[m.checkpoint];
        let (first, last) = (m.first, cp.size - 1);
        return Err(Inconsistency::Entry {
            first,
            last,
            entries: if first == last {
                format!("entry {first}")
            } else {
                format!("one of entries {first}..{last}")
            },
            what: if first == last {
                describe(&m.first_line)
            } else {
                format!("the first is {}", describe(&m.first_line))
            },
            checkpoint: cp.label.clone(),
            size: cp.size,
            expected: hex(&cp.root),
            actual: hex(&m.actual),
        });
    }
    if let Some(cp) = cps.get(next).filter(|_| mismatch.is_none()) {
        return Err(Inconsistency::Missing {
            first: range.size(),
            last: cp.size - 1,
            have: range.size(),
            checkpoint: cp.label.clone(),
            size: cp.size,
        });
    }
    // Every root is reproduced by the entries; the proofs between the bundle's successive
    // checkpoints must verify too (RFC 9162 §2.1.4.2).
    let own: Vec<&Cp> = cps.iter().filter(|c| c.label.starts_with('#')).collect();
    for (i, step) in header.consistency.iter().enumerate() {
        let (a, b) = (own[i], own[i + 1]);
        if (step.from, step.to) != (a.size, b.size) {
            return Err(Inconsistency::Header(format!(
                "consistency proof {i} is for sizes {}..{}, not {}..{}",
                step.from, step.to, a.size, b.size
            )));
        }
        let proof = step
            .proof
            .iter()
            .map(|p| decode_hash(p, "consistency proof"))
            .collect::<Result<Vec<_>, _>>()?;
        if !verify_consistency(a.size, b.size, &a.root, &b.root, &proof) {
            return Err(Inconsistency::Proof {
                index: i,
                from: a.size,
                to: b.size,
            });
        }
    }
    if let Some(e) = behind {
        return Err(e);
    }
    Ok(VerifyReport {
        origin: header.origin,
        start: header.start,
        entries: range.size() - header.start,
        checkpoints: cps.len(),
        tree_size,
        root: tree_root,
        unchecked,
        before_from,
        after_to,
    })
}
