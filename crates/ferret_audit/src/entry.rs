//! The entry schema. An entry is stored and hashed as canonical JSON: object keys in
//! lexicographic order, no insignificant whitespace, integers only, strings escaped as
//! `serde_json` does (which for these ASCII keys coincides with RFC 8785). Entries never carry
//! prompt or completion text.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The version of the entry schema.
pub const ENTRY_VERSION: u32 = 1;

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    /// A policy decision on a request (allow or deny).
    Decision,
    /// An operator's administrative action.
    AdminAction,
    /// A regulator's action (vetting, screening dispositions).
    RegulatorAction,
    /// A denied-party screening hit.
    ScreeningHit,
    /// A key event (API key created or revoked, audit signing key created).
    KeyEvent,
    /// A credential that did not authenticate.
    AuthFailure,
}

impl EntryKind {
    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Decision => "decision",
            EntryKind::AdminAction => "admin-action",
            EntryKind::RegulatorAction => "regulator-action",
            EntryKind::ScreeningHit => "screening-hit",
            EntryKind::KeyEvent => "key-event",
            EntryKind::AuthFailure => "auth-failure",
        }
    }
}

/// One audit entry. Field order is lexicographic, so `serde_json` writes canonical JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// What was done (`model.access`, `org.approve`, `key.create`...).
    pub action: String,
    /// Who did it (`user:<id>`, an e-mail, `cli:<user>`, `gateway`).
    pub actor: String,
    /// Further facts (model tier, policy hash, key id...), never prompt text.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attrs: BTreeMap<String, String>,
    /// The kind of entry.
    pub kind: EntryKind,
    /// The result (`allow`, `deny`, `done`, `quarantined`...).
    pub outcome: String,
    /// Ids of the determining policies.
    pub policies: Vec<String>,
    /// The request id, when the entry belongs to a request.
    pub request_id: Option<String>,
    /// On what (a model id, an organisation, a user, a key id).
    pub subject: String,
    /// Unix seconds.
    pub ts: i64,
    /// Schema version ([`ENTRY_VERSION`]).
    pub v: u32,
}

impl Entry {
    /// The canonical JSON bytes (what is stored and hashed).
    pub fn to_canonical(&self) -> Vec<u8> {
        // Serialising a struct of strings, integers and string maps cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Parses an entry, requiring the bytes to be its canonical form.
    pub fn parse(bytes: &[u8]) -> Result<Entry, String> {
        let e: Entry = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        if e.to_canonical() != bytes {
            return Err("not in canonical form".into());
        }
        Ok(e)
    }
}

/// The few fields the log indexes, read without building a whole [`Entry`].
#[derive(Debug, Deserialize)]
pub(crate) struct EntryIndex {
    #[serde(default)]
    pub request_id: Option<String>,
    #[serde(default)]
    pub ts: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Entry {
        Entry {
            action: "model.access".into(),
            actor: "user:3".into(),
            attrs: [("tier".to_string(), "full".to_string())].into(),
            kind: EntryKind::Decision,
            outcome: "deny".into(),
            policies: vec!["forbid-embargoed-location".into()],
            request_id: Some("00aa".into()),
            subject: "frontier-full".into(),
            ts: 1_795_000_000,
            v: ENTRY_VERSION,
        }
    }

    #[test]
    fn canonical_json_has_sorted_keys_and_no_whitespace() {
        let s = String::from_utf8(sample().to_canonical()).unwrap();
        assert_eq!(
            s,
            r#"{"action":"model.access","actor":"user:3","attrs":{"tier":"full"},"kind":"decision","outcome":"deny","policies":["forbid-embargoed-location"],"request_id":"00aa","subject":"frontier-full","ts":1795000000,"v":1}"#
        );
        assert_eq!(Entry::parse(s.as_bytes()).unwrap(), sample());
    }

    #[test]
    fn non_canonical_or_unknown_fields_are_refused() {
        let s = String::from_utf8(sample().to_canonical()).unwrap();
        assert!(Entry::parse(s.replace(",\"v\":1", ", \"v\":1").as_bytes()).is_err());
        assert!(Entry::parse(s.replace("\"v\":1", "\"v\":1,\"prompt\":\"x\"").as_bytes()).is_err());
    }
}
