//! Merkle tree hashing as in RFC 6962 / RFC 9162 §2.1 (SHA-256, leaf prefix 0x00, node prefix
//! 0x01), with inclusion and consistency proofs (§2.1.3 and §2.1.4) and a compact range that
//! computes the root of a growing tree in O(log n) memory.

use sha2::{Digest, Sha256};

/// A SHA-256 hash.
pub type Hash = [u8; 32];

/// Errors of proof generation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    /// The requested index or size is outside the tree.
    #[error("{what} {value} is out of range (tree size {size})")]
    OutOfRange {
        /// What was asked for.
        what: &'static str,
        /// The value.
        value: u64,
        /// The tree size.
        size: u64,
    },
}

/// The hash of the empty tree: SHA-256 of the empty string.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// `SHA-256(0x00 || data)`.
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(data);
    h.finalize().into()
}

/// `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut buf = [0u8; 65];
    buf[0] = 1;
    buf[1..33].copy_from_slice(left);
    buf[33..].copy_from_slice(right);
    Sha256::digest(buf).into()
}

/// The largest power of two strictly smaller than `n` (`n >= 2`).
fn split(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1u64 << (63 - (n - 1).leading_zeros())
}

/// The hashes of the complete subtrees that make up a tree of `size` leaves, largest (leftmost)
/// first: one per set bit of `size`. Leaves are pushed one at a time; the root is the fold of
/// the stack from the right.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompactRange {
    size: u64,
    stack: Vec<Hash>,
}

impl CompactRange {
    /// The empty range.
    pub fn new() -> CompactRange {
        CompactRange::default()
    }

    /// A range of `size` leaves from its subtree hashes (largest first); `None` if the number of
    /// hashes is not the number of set bits of `size`.
    pub fn from_frontier(size: u64, stack: Vec<Hash>) -> Option<CompactRange> {
        (stack.len() == size.count_ones() as usize).then_some(CompactRange { size, stack })
    }

    /// The number of leaves.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The subtree hashes, largest first.
    pub fn frontier(&self) -> &[Hash] {
        &self.stack
    }

    /// Appends a leaf hash.
    pub fn push(&mut self, leaf: Hash) {
        let mut h = leaf;
        let mut s = self.size;
        while s & 1 == 1 {
            // Invariant: one stack entry per set bit of `size`.
            let left = self.stack.pop().unwrap_or_default();
            h = node_hash(&left, &h);
            s >>= 1;
        }
        self.stack.push(h);
        self.size += 1;
    }

    /// The root hash of the tree of `size()` leaves.
    pub fn root(&self) -> Hash {
        let mut it = self.stack.iter().rev();
        let Some(last) = it.next() else {
            return empty_root();
        };
        it.fold(*last, |acc, left| node_hash(left, &acc))
    }
}

/// A whole tree kept in memory by levels, so that any subtree hash is found in O(log n) and
/// proofs for any older tree size can be produced. Level 0 holds the leaf hashes; level `l`
/// holds the hash of every complete, aligned subtree of `2^l` leaves.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    levels: Vec<Vec<Hash>>,
}

impl Tree {
    /// The empty tree.
    pub fn new() -> Tree {
        Tree::default()
    }

    /// The number of leaves.
    pub fn size(&self) -> u64 {
        self.levels.first().map_or(0, |l| l.len() as u64)
    }

    /// The leaf hash at `index`.
    pub fn leaf(&self, index: u64) -> Option<Hash> {
        self.levels
            .first()?
            .get(usize::try_from(index).ok()?)
            .copied()
    }

    /// Appends a leaf hash.
    pub fn push(&mut self, leaf: Hash) {
        if self.levels.is_empty() {
            self.levels.push(Vec::new());
        }
        self.levels[0].push(leaf);
        let mut l = 0;
        while self.levels[l].len().is_multiple_of(2) {
            let n = self.levels[l].len();
            let h = node_hash(&self.levels[l][n - 2], &self.levels[l][n - 1]);
            if self.levels.len() == l + 1 {
                self.levels.push(Vec::new());
            }
            self.levels[l + 1].push(h);
            l += 1;
        }
    }

    /// Drops every leaf from `size` on.
    pub fn truncate(&mut self, size: u64) {
        for (l, level) in self.levels.iter_mut().enumerate() {
            level.truncate((size >> l) as usize);
        }
    }

    /// `MTH(D[start:end])` for `start < end <= size`.
    fn subtree(&self, start: u64, end: u64) -> Hash {
        let n = end - start;
        if n.is_power_of_two() && start.is_multiple_of(n) {
            let l = n.trailing_zeros() as usize;
            return self.levels[l][(start >> l) as usize];
        }
        let k = split(n);
        node_hash(
            &self.subtree(start, start + k),
            &self.subtree(start + k, end),
        )
    }

    /// The root of the tree of the first `size` leaves.
    pub fn root_at(&self, size: u64) -> Result<Hash, ProofError> {
        self.check("tree size", size, size > self.size())?;
        Ok(if size == 0 {
            empty_root()
        } else {
            self.subtree(0, size)
        })
    }

    /// The root of the whole tree.
    pub fn root(&self) -> Hash {
        self.root_at(self.size()).unwrap_or_else(|_| empty_root())
    }

    /// The compact range of the first `size` leaves (the frontier a verifier starts from).
    pub fn frontier(&self, size: u64) -> Result<CompactRange, ProofError> {
        self.check("tree size", size, size > self.size())?;
        let mut stack = Vec::new();
        let mut start = 0;
        for bit in (0..64).rev() {
            if size & (1 << bit) != 0 {
                stack.push(self.subtree(start, start + (1 << bit)));
                start += 1 << bit;
            }
        }
        Ok(CompactRange { size, stack })
    }

    fn check(&self, what: &'static str, value: u64, bad: bool) -> Result<(), ProofError> {
        if bad {
            return Err(ProofError::OutOfRange {
                what,
                value,
                size: self.size(),
            });
        }
        Ok(())
    }

    /// The audit path of leaf `index` in the tree of the first `size` leaves (RFC 9162
    /// §2.1.3.1), leaf to root.
    pub fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>, ProofError> {
        self.check("tree size", size, size > self.size())?;
        self.check("leaf index", index, index >= size)?;
        let mut path = Vec::new();
        self.path(index, 0, size, &mut path);
        Ok(path)
    }

    fn path(&self, m: u64, start: u64, end: u64, out: &mut Vec<Hash>) {
        let n = end - start;
        if n == 1 {
            return;
        }
        let k = split(n);
        if m < start + k {
            self.path(m, start, start + k, out);
            out.push(self.subtree(start + k, end));
        } else {
            self.path(m, start + k, end, out);
            out.push(self.subtree(start, start + k));
        }
    }

    /// The consistency proof between the trees of the first `old` and `new` leaves (RFC 9162
    /// §2.1.4.1). Empty when `old` is 0 or equals `new`.
    pub fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>, ProofError> {
        self.check("tree size", new, new > self.size())?;
        self.check("old tree size", old, old > new)?;
        let mut out = Vec::new();
        if old > 0 && old < new {
            self.subproof(old, 0, new, true, &mut out);
        }
        Ok(out)
    }

    fn subproof(&self, m: u64, start: u64, end: u64, complete: bool, out: &mut Vec<Hash>) {
        let n = end - start;
        if m == n {
            if !complete {
                out.push(self.subtree(start, end));
            }
            return;
        }
        let k = split(n);
        if m <= k {
            self.subproof(m, start, start + k, complete, out);
            out.push(self.subtree(start + k, end));
        } else {
            self.subproof(m - k, start + k, end, false, out);
            out.push(self.subtree(start, start + k));
        }
    }
}

/// Verifies an inclusion proof (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(index: u64, size: u64, leaf: &Hash, proof: &[Hash], root: &Hash) -> bool {
    if index >= size {
        return false;
    }
    let (mut fnode, mut snode) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if snode == 0 {
            return false;
        }
        if fnode & 1 == 1 || fnode == snode {
            r = node_hash(p, &r);
            if fnode & 1 == 0 {
                while fnode & 1 == 0 && fnode != 0 {
                    fnode >>= 1;
                    snode >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    snode == 0 && r == *root
}

/// Verifies a consistency proof between a tree of `old` leaves with root `old_root` and one of
/// `new` leaves with root `new_root` (RFC 9162 §2.1.4.2).
pub fn verify_consistency(
    old: u64,
    new: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> bool {
    if old > new {
        return false;
    }
    if old == new {
        return proof.is_empty() && old_root == new_root;
    }
    if old == 0 {
        return proof.is_empty();
    }
    let mut nodes: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if old.is_power_of_two() {
        nodes.push(*old_root);
    }
    nodes.extend_from_slice(proof);
    let Some((first, rest)) = nodes.split_first() else {
        return false;
    };
    let (mut fnode, mut snode) = (old - 1, new - 1);
    while fnode & 1 == 1 {
        fnode >>= 1;
        snode >>= 1;
    }
    let (mut fr, mut sr) = (*first, *first);
    for c in rest {
        if snode == 0 {
            return false;
        }
        if fnode & 1 == 1 || fnode == snode {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            if fnode & 1 == 0 {
                while fnode & 1 == 0 && fnode != 0 {
                    fnode >>= 1;
                    snode >>= 1;
                }
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    fr == *old_root && sr == *new_root && snode == 0
}

/// Lower-case hex of a hash.
pub fn hex(h: &Hash) -> String {
    h.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `MTH` straight from the definition, for comparison.
    fn mth(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => empty_root(),
            1 => leaves[0],
            n => {
                let k = split(n as u64) as usize;
                node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
            }
        }
    }

    fn leaves(n: usize) -> Vec<Hash> {
        (0..n)
            .map(|i| leaf_hash(format!("e{i}").as_bytes()))
            .collect()
    }

    fn tree(ls: &[Hash]) -> Tree {
        let mut t = Tree::new();
        for l in ls {
            t.push(*l);
        }
        t
    }

    fn unhex(s: &str) -> Hash {
        let mut h = [0u8; 32];
        for (i, b) in h.iter_mut().enumerate() {
            *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
        }
        h
    }

    #[test]
    fn rfc6962_reference_roots() {
        // The eight inputs of the certificate-transparency reference tests.
        let inputs: [&[u8]; 8] = [
            b"",
            b"\x00",
            b"\x10",
            b"\x20\x21",
            b"\x30\x31",
            b"\x40\x41\x42\x43",
            b"\x50\x51\x52\x53\x54\x55\x56\x57",
            b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
        ];
        let t = tree(&inputs.map(leaf_hash));
        assert_eq!(
            hex(&empty_root()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            t.root_at(1).unwrap(),
            unhex("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        );
        assert_eq!(
            t.root_at(8).unwrap(),
            unhex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")
        );
    }

    #[test]
    fn roots_match_the_definition_for_every_size() {
        let ls = leaves(70);
        let t = tree(&ls);
        let mut c = CompactRange::new();
        assert_eq!(c.root(), empty_root());
        for n in 0..=70usize {
            assert_eq!(t.root_at(n as u64).unwrap(), mth(&ls[..n]), "size {n}");
            assert_eq!(c.root(), mth(&ls[..n]), "compact size {n}");
            let f = t.frontier(n as u64).unwrap();
            assert_eq!(f, c, "frontier {n}");
            if n < 70 {
                c.push(ls[n]);
            }
        }
        assert!(t.root_at(71).is_err());
    }

    #[test]
    fn inclusion_proofs_verify_and_reject_alterations() {
        let ls = leaves(33);
        let t = tree(&ls);
        for n in 1..=33u64 {
            let root = t.root_at(n).unwrap();
            for m in 0..n {
                let p = t.inclusion_proof(m, n).unwrap();
                assert!(
                    verify_inclusion(m, n, &ls[m as usize], &p, &root),
                    "{m}/{n}"
                );
                let other = ls[((m + 1) % 33) as usize];
                assert!(!verify_inclusion(m, n, &other, &p, &root));
                if let Some(first) = p.first() {
                    let mut bad = p.clone();
                    bad[0] = node_hash(first, first);
                    assert!(!verify_inclusion(m, n, &ls[m as usize], &bad, &root));
                    assert!(!verify_inclusion(
                        m,
                        n,
                        &ls[m as usize],
                        &p[..p.len() - 1],
                        &root
                    ));
                }
                assert!(!verify_inclusion(n, n, &ls[m as usize], &p, &root));
            }
        }
        assert!(t.inclusion_proof(5, 5).is_err());
        assert!(t.inclusion_proof(0, 34).is_err());
    }

    #[test]
    fn consistency_proofs_verify_and_reject_forks() {
        let ls = leaves(40);
        let t = tree(&ls);
        let mut forked = ls.clone();
        forked[3] = leaf_hash(b"forged");
        let f = tree(&forked);
        for n in 1..=40u64 {
            for m in 0..=n {
                let p = t.consistency_proof(m, n).unwrap();
                let (rm, rn) = (t.root_at(m).unwrap(), t.root_at(n).unwrap());
                assert!(verify_consistency(m, n, &rm, &rn, &p), "{m}->{n}");
                if m > 3 && m < n {
                    // The old tree is not a prefix of the forked new one, whatever the proof.
                    let fnew = f.root_at(n).unwrap();
                    assert!(!verify_consistency(m, n, &rm, &fnew, &p), "fork {m}->{n}");
                    let pf = f.consistency_proof(m, n).unwrap();
                    assert!(
                        !verify_consistency(m, n, &rm, &fnew, &pf),
                        "fork proof {m}->{n}"
                    );
                }
            }
        }
        assert!(!verify_consistency(5, 4, &[0; 32], &[0; 32], &[]));
        assert!(t.consistency_proof(5, 4).is_err());
    }

    #[test]
    fn truncate_drops_the_tail() {
        let ls = leaves(21);
        let mut t = tree(&ls);
        t.truncate(13);
        assert_eq!(t.size(), 13);
        assert_eq!(t.root(), mth(&ls[..13]));
        t.push(ls[13]);
        assert_eq!(t.root(), mth(&ls[..14]));
        assert_eq!(t.leaf(13), Some(ls[13]));
        assert_eq!(t.leaf(14), None);
    }
}
