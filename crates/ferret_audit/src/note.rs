//! Signed checkpoints in the C2SP `tlog-checkpoint` format, signed as C2SP `signed-note`s with
//! Ed25519:
//!
//! ```text
//! <origin>
//! <tree size, decimal>
//! <base64 root hash>
//!
//! — <key name> <base64(key id (4 bytes) || signature (64 bytes))>
//! ```
//!
//! The signed message is the note text: every line up to and including the newline before the
//! blank line. The key id is the first four bytes of `SHA-256(name || "\n" || 0x01 || pubkey)`.
//! Keys are written in the usual text forms: `PRIVATE+KEY+<name>+<id hex>+<base64(0x01||seed)>`
//! for the signer and `<name>+<id hex>+<base64(0x01||pubkey)>` for the verifier.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Signer, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::merkle::Hash;

/// The Ed25519 signature algorithm byte of signed notes.
const ALG_ED25519: u8 = 0x01;
/// The signature line prefix: an em dash and a space.
const SIG_PREFIX: &str = "\u{2014} ";

/// Errors of keys and notes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    /// A key string is malformed.
    #[error("malformed key: {0}")]
    Key(String),
    /// The note text is malformed.
    #[error("malformed checkpoint: {0}")]
    Malformed(String),
    /// No signature line from the expected key.
    #[error("no signature by key {name} ({id})")]
    NoSignature {
        /// Key name.
        name: String,
        /// Key id, hex.
        id: String,
    },
    /// The signature does not verify.
    #[error("the signature by key {name} does not verify")]
    BadSignature {
        /// Key name.
        name: String,
    },
    /// The origin line is not the key's name.
    #[error("origin {origin:?} is not the log's origin {expected:?}")]
    Origin {
        /// Origin found.
        origin: String,
        /// Origin expected.
        expected: String,
    },
    /// Random number generation failed.
    #[error("random number generator: {0}")]
    Random(String),
}

fn key_id(name: &str, public: &[u8; 32]) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update([ALG_ED25519]);
    h.update(public);
    let d: [u8; 32] = h.finalize().into();
    [d[0], d[1], d[2], d[3]]
}

fn hex4(id: &[u8; 4]) -> String {
    id.iter().map(|b| format!("{b:02x}")).collect()
}

fn check_name(name: &str) -> Result<(), NoteError> {
    if name.is_empty()
        || name.contains(['+', ' ', '\n', '\t'])
        || name.chars().any(char::is_control)
    {
        return Err(NoteError::Key(format!(
            "key name {name:?} must be non-empty without spaces or '+'"
        )));
    }
    Ok(())
}

/// A checkpoint signer.
#[derive(Clone)]
pub struct NoteSigner {
    name: String,
    id: [u8; 4],
    key: ed25519_dalek::SigningKey,
}

impl std::fmt::Debug for NoteSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NoteSigner")
            .field("name", &self.name)
            .field("id", &hex4(&self.id))
            .finish_non_exhaustive()
    }
}

impl NoteSigner {
    /// A new random key named `name`.
    pub fn generate(name: &str) -> Result<NoteSigner, NoteError> {
        check_name(name)?;
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| NoteError::Random(e.to_string()))?;
        Ok(NoteSigner::from_seed(name, seed))
    }

    /// The key of `seed` named `name` (deterministic; for tests and benchmarks).
    pub fn from_seed(name: &str, seed: [u8; 32]) -> NoteSigner {
        let key = ed25519_dalek::SigningKey::from_bytes(&seed);
        let id = key_id(name, key.verifying_key().as_bytes());
        NoteSigner {
            name: name.to_string(),
            id,
            key,
        }
    }

    /// Parses `PRIVATE+KEY+<name>+<id>+<base64>`.
    pub fn parse(text: &str) -> Result<NoteSigner, NoteError> {
        let bad = |m: &str| NoteError::Key(m.to_string());
        let rest = text
            .trim()
            .strip_prefix("PRIVATE+KEY+")
            .ok_or_else(|| bad("a signing key starts with PRIVATE+KEY+"))?;
        // The key data is standard base64, which may itself contain '+'.
        let mut parts = rest.splitn(3, '+');
        let (Some(name), Some(id), Some(b)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad("expected PRIVATE+KEY+<name>+<id>+<key>"));
        };
        let raw = B64.decode(b).map_err(|e| bad(&e.to_string()))?;
        let [ALG_ED25519, seed @ ..] = raw.as_slice() else {
            return Err(bad("not an Ed25519 key"));
        };
        let seed: [u8; 32] = seed.try_into().map_err(|_| bad("wrong key length"))?;
        check_name(name)?;
        let s = NoteSigner::from_seed(name, seed);
        if hex4(&s.id) != id {
            return Err(bad("key id does not match the key"));
        }
        Ok(s)
    }

    /// The private key text (keep it secret).
    pub fn to_private_text(&self) -> String {
        let mut raw = vec![ALG_ED25519];
        raw.extend_from_slice(self.key.as_bytes());
        format!(
            "PRIVATE+KEY+{}+{}+{}",
            self.name,
            hex4(&self.id),
            B64.encode(raw)
        )
    }

    /// The verifier for this key.
    pub fn verifier(&self) -> NoteVerifier {
        NoteVerifier {
            name: self.name.clone(),
            id: self.id,
            key: self.key.verifying_key(),
        }
    }

    /// The key's name (also the log's origin).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Signs a checkpoint of this log: returns the note text.
    pub fn sign(&self, size: u64, root: &Hash) -> String {
        let body = Checkpoint {
            origin: self.name.clone(),
            size,
            root: *root,
        }
        .body();
        let sig = self.key.sign(body.as_bytes());
        let mut blob = self.id.to_vec();
        blob.extend_from_slice(&sig.to_bytes());
        format!("{body}\n{SIG_PREFIX}{} {}\n", self.name, B64.encode(blob))
    }
}

/// A checkpoint verifier (public key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteVerifier {
    name: String,
    id: [u8; 4],
    key: VerifyingKey,
}

impl NoteVerifier {
    /// Parses `<name>+<id>+<base64(0x01||pubkey)>`.
    pub fn parse(text: &str) -> Result<NoteVerifier, NoteError> {
        let bad = |m: &str| NoteError::Key(m.to_string());
        let mut parts = text.trim().splitn(3, '+');
        let (Some(name), Some(id), Some(b)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad("expected <name>+<id>+<key>"));
        };
        check_name(name)?;
        let raw = B64.decode(b).map_err(|e| bad(&e.to_string()))?;
        let [ALG_ED25519, public @ ..] = raw.as_slice() else {
            return Err(bad("not an Ed25519 key"));
        };
        let public: [u8; 32] = public.try_into().map_err(|_| bad("wrong key length"))?;
        let key = VerifyingKey::from_bytes(&public).map_err(|e| bad(&e.to_string()))?;
        let kid = key_id(name, &public);
        if hex4(&kid) != id {
            return Err(bad("key id does not match the key"));
        }
        Ok(NoteVerifier {
            name: name.to_string(),
            id: kid,
            key,
        })
    }

    /// The verifier key text.
    pub fn to_text(&self) -> String {
        let mut raw = vec![ALG_ED25519];
        raw.extend_from_slice(self.key.as_bytes());
        format!("{}+{}+{}", self.name, hex4(&self.id), B64.encode(raw))
    }

    /// The key's name (the log's origin).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Checks a signed checkpoint: its signature by this key, and its origin.
    pub fn open(&self, note: &str) -> Result<Checkpoint, NoteError> {
        let bad = |m: String| NoteError::Malformed(m);
        let split = note
            .find("\n\n")
            .ok_or_else(|| bad("no blank line before the signatures".into()))?;
        let (body, sigs) = (&note[..=split], &note[split + 2..]);
        let cp = Checkpoint::parse_body(body)?;
        let mut found = false;
        for line in sigs.lines() {
            let rest = line
                .strip_prefix(SIG_PREFIX)
                .ok_or_else(|| bad(format!("signature line {line:?} does not start with '— '")))?;
            let Some((name, b)) = rest.split_once(' ') else {
                return Err(bad(format!("signature line {line:?} has no signature")));
            };
            if name != self.name {
                continue;
            }
            let blob = B64
                .decode(b)
                .map_err(|e| bad(format!("signature is not base64: {e}")))?;
            if blob.len() != 68 || blob[..4] != self.id {
                continue;
            }
            found = true;
            let sig: [u8; 64] = blob[4..].try_into().map_err(|_| bad("length".into()))?;
            let sig = Signature::from_bytes(&sig);
            if self.key.verify_strict(body.as_bytes(), &sig).is_err() {
                return Err(NoteError::BadSignature {
                    name: self.name.clone(),
                });
            }
        }
        if !found {
            return Err(NoteError::NoSignature {
                name: self.name.clone(),
                id: hex4(&self.id),
            });
        }
        if cp.origin != self.name {
            return Err(NoteError::Origin {
                origin: cp.origin,
                expected: self.name.clone(),
            });
        }
        Ok(cp)
    }
}

/// A checkpoint: the log's origin, a tree size and its root hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's origin line.
    pub origin: String,
    /// Tree size.
    pub size: u64,
    /// Root hash.
    pub root: Hash,
}

impl Checkpoint {
    /// The note text (three lines, each ending in a newline).
    pub fn body(&self) -> String {
        format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            B64.encode(self.root)
        )
    }

    /// Parses a checkpoint without checking any signature (for display).
    pub fn parse_unverified(note: &str) -> Result<Checkpoint, NoteError> {
        let end = note.find("\n\n").map_or(note.len(), |i| i + 1);
        Checkpoint::parse_body(&note[..end])
    }

    fn parse_body(body: &str) -> Result<Checkpoint, NoteError> {
        let bad = |m: String| NoteError::Malformed(m);
        let mut lines = body.split_terminator('\n');
        let origin = lines
            .next()
            .filter(|o| !o.is_empty())
            .ok_or_else(|| bad("no origin line".into()))?;
        let size_s = lines.next().ok_or_else(|| bad("no size line".into()))?;
        if size_s.is_empty()
            || !size_s.bytes().all(|b| b.is_ascii_digit())
            || (size_s.len() > 1 && size_s.starts_with('0'))
        {
            return Err(bad(format!("tree size {size_s:?} is not a decimal number")));
        }
        let size = size_s
            .parse()
            .map_err(|_| bad(format!("tree size {size_s:?} is too large")))?;
        let root_s = lines
            .next()
            .ok_or_else(|| bad("no root hash line".into()))?;
        let root: Hash = B64
            .decode(root_s)
            .ok()
            .and_then(|v| v.try_into().ok())
            .ok_or_else(|| bad(format!("root hash {root_s:?} is not 32 bytes of base64")))?;
        Ok(Checkpoint {
            origin: origin.to_string(),
            size,
            root,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_and_open_a_checkpoint() {
        let s = NoteSigner::from_seed("example.test/log", [7; 32]);
        let v = s.verifier();
        let note = s.sign(42, &[9; 32]);
        let lines: Vec<&str> = note.lines().collect();
        assert_eq!(lines[0], "example.test/log");
        assert_eq!(lines[1], "42");
        assert_eq!(lines[2], B64.encode([9u8; 32]));
        assert_eq!(lines[3], "");
        assert!(lines[4].starts_with("\u{2014} example.test/log "));
        let cp = v.open(&note).unwrap();
        assert_eq!((cp.size, cp.root), (42, [9; 32]));
        assert_eq!(Checkpoint::parse_unverified(&note).unwrap(), cp);
    }

    #[test]
    fn altered_or_foreign_checkpoints_are_rejected() {
        let s = NoteSigner::from_seed("example.test/log", [7; 32]);
        let v = s.verifier();
        let note = s.sign(42, &[9; 32]);
        let altered = note.replacen("\n42\n", "\n43\n", 1);
        assert_eq!(
            v.open(&altered),
            Err(NoteError::BadSignature {
                name: "example.test/log".into()
            })
        );
        let other = NoteSigner::from_seed("example.test/log", [8; 32]);
        assert!(matches!(
            v.open(&other.sign(42, &[9; 32])),
            Err(NoteError::NoSignature { .. })
        ));
        assert!(matches!(
            v.open("example.test/log\n42\n"),
            Err(NoteError::Malformed(_))
        ));
        assert!(matches!(
            v.open(&note.replacen("\n42\n", "\n042\n", 1)),
            Err(NoteError::Malformed(_))
        ));
    }

    #[test]
    fn keys_round_trip_through_text() {
        let s = NoteSigner::generate("ferret.test/audit").unwrap();
        let s2 = NoteSigner::parse(&s.to_private_text()).unwrap();
        assert_eq!(s2.verifier(), s.verifier());
        let v = NoteVerifier::parse(&s.verifier().to_text()).unwrap();
        assert_eq!(v, s.verifier());
        assert!(v.to_text().starts_with("ferret.test/audit+"));
        // A key id that does not match is refused.
        let t = s.verifier().to_text();
        let mut parts: Vec<&str> = t.splitn(3, '+').collect();
        parts[1] = "00000000";
        assert!(NoteVerifier::parse(&parts.join("+")).is_err());
        assert!(NoteSigner::generate("bad name").is_err());
    }

    #[test]
    fn key_id_follows_the_signed_note_rule() {
        let s = NoteSigner::from_seed("n", [1; 32]);
        let mut h = Sha256::new();
        h.update(b"n\n\x01");
        h.update(s.verifier().key.as_bytes());
        let d: [u8; 32] = h.finalize().into();
        assert_eq!(s.id, [d[0], d[1], d[2], d[3]]);
    }
}
