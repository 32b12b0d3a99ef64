//! What an export reads: [`ExportSource`] is implemented by the file [`Log`] and by
//! [`Snapshot`], a log held in memory after it was read from elsewhere (the gateway's
//! PostgreSQL log), so that both export the same bundle format through [`crate::bundle::export`]
//! and `ferret audit verify` checks either unchanged.

use crate::log::{Log, LogError, StoredCheckpoint};
use crate::merkle::{CompactRange, Hash, Tree, hex, leaf_hash};
use crate::note::NoteVerifier;

/// The reads an export needs from a log.
pub trait ExportSource {
    /// The log's origin (its key name).
    fn origin(&self) -> &str;
    /// The key that verifies the log's checkpoints.
    fn verifier(&self) -> &NoteVerifier;
    /// Every signed checkpoint, oldest (smallest) first.
    fn checkpoints(&self) -> Vec<StoredCheckpoint>;
    /// The latest signed checkpoint.
    fn latest_checkpoint(&self) -> Option<StoredCheckpoint>;
    /// The first index whose timestamp is at least `ts`.
    fn first_at_or_after(&self, ts: i64) -> u64;
    /// One past the last index whose timestamp is at most `ts`.
    fn end_at_or_before(&self, ts: i64) -> u64;
    /// The consistency proof between tree sizes `old` and `new`.
    fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>, LogError>;
    /// The compact range of the first `size` entries.
    fn frontier(&self, size: u64) -> Result<CompactRange, LogError>;
    /// Up to `limit` entries from `start` on: (index, canonical bytes, leaf hash).
    fn entries(&self, start: u64, limit: usize) -> Result<Vec<(u64, Vec<u8>, Hash)>, LogError>;
}

impl ExportSource for Log {
    fn origin(&self) -> &str {
        Log::origin(self)
    }
    fn verifier(&self) -> &NoteVerifier {
        Log::verifier(self)
    }
    fn checkpoints(&self) -> Vec<StoredCheckpoint> {
        Log::checkpoints(self)
    }
    fn latest_checkpoint(&self) -> Option<StoredCheckpoint> {
        Log::latest_checkpoint(self)
    }
    fn first_at_or_after(&self, ts: i64) -> u64 {
        Log::first_at_or_after(self, ts)
    }
    fn end_at_or_before(&self, ts: i64) -> u64 {
        Log::end_at_or_before(self, ts)
    }
    fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>, LogError> {
        Log::consistency_proof(self, old, new)
    }
    fn frontier(&self, size: u64) -> Result<CompactRange, LogError> {
        Log::frontier(self, size)
    }
    fn entries(&self, start: u64, limit: usize) -> Result<Vec<(u64, Vec<u8>, Hash)>, LogError> {
        Log::entries(self, start, limit)
    }
}

/// A log read into memory: its entries (canonical bytes, in index order from 0), their
/// timestamps, and its signed checkpoints. [`Snapshot::new`] checks it as opening a file log
/// does: every checkpoint's signature, and its root against the entries before it.
#[derive(Debug)]
pub struct Snapshot {
    verifier: NoteVerifier,
    entries: Vec<Vec<u8>>,
    ts: Vec<i64>,
    tree: Tree,
    checkpoints: Vec<StoredCheckpoint>,
}

impl Snapshot {
    /// A snapshot of `entries` (index order from 0, with their unix-second timestamps) under
    /// the signed checkpoint notes `notes` (any order). Refuses ([`LogError::Corrupt`], the
    /// offset being the entry index) a checkpoint that does not verify with `verifier`, that
    /// is larger than the entries, or whose root the entries do not reproduce, and two
    /// checkpoints of one size.
    pub fn new(
        verifier: NoteVerifier,
        entries: Vec<(Vec<u8>, i64)>,
        notes: &[String],
    ) -> Result<Snapshot, LogError> {
        let mut tree = Tree::new();
        let mut bytes = Vec::with_capacity(entries.len());
        let mut ts = Vec::with_capacity(entries.len());
        for (b, t) in entries {
            tree.push(leaf_hash(&b));
            bytes.push(b);
            ts.push(t);
        }
        let mut checkpoints = Vec::with_capacity(notes.len());
        for note in notes {
            let cp = verifier.open(note)?;
            let corrupt = |detail: String| LogError::Corrupt {
                offset: cp.size,
                detail,
            };
            let root = tree.root_at(cp.size).map_err(|_| {
                corrupt(format!(
                    "a signed checkpoint of tree size {} but only {} entries",
                    cp.size,
                    tree.size()
                ))
            })?;
            if root != cp.root {
                return Err(corrupt(format!(
                    "the entries give root {} at tree size {}, the signed checkpoint {}",
                    hex(&root),
                    cp.size,
                    hex(&cp.root)
                )));
            }
            checkpoints.push(StoredCheckpoint {
                size: cp.size,
                root: cp.root,
                note: note.clone(),
            });
        }
        checkpoints.sort_by_key(|c| c.size);
        if let Some(w) = checkpoints.windows(2).find(|w| w[0].size == w[1].size) {
            return Err(LogError::Corrupt {
                offset: w[0].size,
                detail: format!("two signed checkpoints of tree size {}", w[0].size),
            });
        }
        Ok(Snapshot {
            verifier,
            entries: bytes,
            ts,
            tree,
            checkpoints,
        })
    }

    /// The number of entries.
    pub fn size(&self) -> u64 {
        self.tree.size()
    }

    /// The size of the latest signed checkpoint (0 without one).
    pub fn signed_size(&self) -> u64 {
        self.checkpoints.last().map_or(0, |c| c.size)
    }
}

impl ExportSource for Snapshot {
    fn origin(&self) -> &str {
        self.verifier.name()
    }
    fn verifier(&self) -> &NoteVerifier {
        &self.verifier
    }
    fn checkpoints(&self) -> Vec<StoredCheckpoint> {
        self.checkpoints.clone()
    }
    fn latest_checkpoint(&self) -> Option<StoredCheckpoint> {
        self.checkpoints.last().cloned()
    }
    fn first_at_or_after(&self, ts: i64) -> u64 {
        self.ts
            .iter()
            .position(|&t| t >= ts)
            .unwrap_or(self.ts.len()) as u64
    }
    fn end_at_or_before(&self, ts: i64) -> u64 {
        self.ts.iter().rposition(|&t| t <= ts).map_or(0, |i| i + 1) as u64
    }
    fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>, LogError> {
        Ok(self.tree.consistency_proof(old, new)?)
    }
    fn frontier(&self, size: u64) -> Result<CompactRange, LogError> {
        Ok(self.tree.frontier(size)?)
    }
    fn entries(&self, start: u64, limit: usize) -> Result<Vec<(u64, Vec<u8>, Hash)>, LogError> {
        let end = self.size().min(start.saturating_add(limit as u64));
        Ok((start..end)
            .map(|i| {
                let b = self.entries[i as usize].clone();
                (i, b, self.tree.leaf(i).unwrap_or_default())
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::NoteSigner;

    fn signer() -> NoteSigner {
        NoteSigner::from_seed("test.example/log", [7; 32])
    }

    fn entries(n: u64) -> Vec<(Vec<u8>, i64)> {
        (0..n)
            .map(|i| (format!("{{\"i\":{i}}}").into_bytes(), 1000 + i as i64))
            .collect()
    }

    fn note_at(s: &NoteSigner, e: &[(Vec<u8>, i64)], size: u64) -> String {
        let mut t = Tree::new();
        for (b, _) in &e[..size as usize] {
            t.push(leaf_hash(b));
        }
        s.sign(size, &t.root())
    }

    #[test]
    fn a_snapshot_exports_a_bundle_that_verifies() {
        let s = signer();
        let e = entries(10);
        let notes = vec![note_at(&s, &e, 7), note_at(&s, &e, 3)];
        let snap = Snapshot::new(s.verifier(), e, &notes).unwrap();
        assert_eq!((snap.size(), snap.signed_size()), (10, 7));
        let mut out = Vec::new();
        let sum = crate::bundle::export(&snap, None, None, &mut out).unwrap();
        assert_eq!((sum.start, sum.count, sum.checkpoints), (0, 7, 2));
        let report = crate::bundle::verify(&out[..], &s.verifier(), &[]).unwrap();
        assert_eq!((report.entries, report.tree_size), (7, 7));
        // A time range: entries with ts 1004..=1005, extended to the next checkpoint.
        let mut out = Vec::new();
        let sum = crate::bundle::export(&snap, Some(1004), Some(1005), &mut out).unwrap();
        assert_eq!((sum.start, sum.count), (4, 3));
        crate::bundle::verify(&out[..], &s.verifier(), &[]).unwrap();
    }

    #[test]
    fn a_snapshot_refuses_what_its_entries_do_not_reproduce() {
        let s = signer();
        let e = entries(5);
        let good = note_at(&s, &e, 4);
        let mut altered = e.clone();
        altered[2].0 = b"{\"i\":99}".to_vec();
        let err = Snapshot::new(s.verifier(), altered, std::slice::from_ref(&good)).unwrap_err();
        assert!(matches!(err, LogError::Corrupt { offset: 4, .. }), "{err}");
        let err =
            Snapshot::new(s.verifier(), e[..3].to_vec(), std::slice::from_ref(&good)).unwrap_err();
        assert!(err.to_string().contains("only 3 entries"), "{err}");
        let other = NoteSigner::from_seed("test.example/log", [8; 32]);
        let err =
            Snapshot::new(other.verifier(), e.clone(), std::slice::from_ref(&good)).unwrap_err();
        assert!(matches!(err, LogError::Key(_)), "{err}");
        let err = Snapshot::new(s.verifier(), e, &[good.clone(), good]).unwrap_err();
        assert!(err.to_string().contains("two signed checkpoints"), "{err}");
    }
}
