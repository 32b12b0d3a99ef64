//! The verdict cache: model answers on disk, keyed by a hash of everything that determines them
//! (stage, model, prompt version, schema, system prompt and the full user message, which holds
//! the slice). A rerun over unchanged code sends nothing.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::provider::{ModelSpec, StructuredRequest};

/// A cached answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CachedReply {
    /// A valid document.
    Json {
        /// The document.
        value: Value,
    },
    /// A refusal.
    Refusal {
        /// The refusal text.
        text: String,
    },
}

/// An on-disk cache directory (`None` disables caching).
#[derive(Debug, Clone)]
pub struct VerdictCache {
    dir: Option<PathBuf>,
}

impl VerdictCache {
    /// A cache in `dir`, or none.
    pub fn new(dir: Option<PathBuf>) -> VerdictCache {
        VerdictCache { dir }
    }

    /// The default location: `$FERRET_CACHE_DIR/model`, else `$XDG_CACHE_HOME/ferret/model`,
    /// else `~/.cache/ferret/model`.
    pub fn default_dir() -> Option<PathBuf> {
        if let Some(d) = std::env::var_os("FERRET_CACHE_DIR") {
            return Some(PathBuf::from(d).join("model"));
        }
        if let Some(d) = std::env::var_os("XDG_CACHE_HOME") {
            return Some(PathBuf::from(d).join("ferret").join("model"));
        }
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/ferret/model"))
    }

    /// The cache key of a request.
    pub fn key(
        stage: &str,
        model: &ModelSpec,
        prompt_version: &str,
        req: &StructuredRequest,
    ) -> String {
        let mut h = blake3::Hasher::new();
        for part in [
            "ferret-verdict-cache-1",
            stage,
            &model.to_string(),
            prompt_version,
            &req.schema_name,
            &req.schema.to_string(),
            &req.system,
            &req.user,
        ] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        h.finalize().to_hex().to_string()
    }

    fn path(dir: &Path, key: &str) -> PathBuf {
        dir.join(&key[..2]).join(format!("{key}.json"))
    }

    /// The cached answer for `key`, if any (an unreadable entry counts as a miss).
    pub fn get(&self, key: &str) -> Option<CachedReply> {
        let dir = self.dir.as_ref()?;
        let text = std::fs::read_to_string(Self::path(dir, key)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Stores an answer. Written to a temporary file and renamed, so a crash never leaves a
    /// torn entry. Errors are returned for the caller to report; they never fail the pass.
    pub fn put(&self, key: &str, reply: &CachedReply) -> std::io::Result<()> {
        let Some(dir) = &self.dir else { return Ok(()) };
        let path = Self::path(dir, key);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        let body = serde_json::to_vec(reply).map_err(std::io::Error::other)?;
        std::fs::write(&tmp, body)?;
        std::fs::rename(&tmp, &path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trips_and_keys_on_content() {
        let dir = tempfile::tempdir().unwrap();
        let cache = VerdictCache::new(Some(dir.path().to_path_buf()));
        let model: ModelSpec = "openai:m".parse().unwrap();
        let req = StructuredRequest {
            system: "s".into(),
            user: "u".into(),
            schema_name: "n".into(),
            schema: json!({}),
        };
        let k = VerdictCache::key("triage", &model, "v1", &req);
        assert!(cache.get(&k).is_none());
        let reply = CachedReply::Json {
            value: json!({"verdict": "uncertain"}),
        };
        cache.put(&k, &reply).unwrap();
        assert_eq!(cache.get(&k), Some(reply));
        let mut other = req.clone();
        other.user = "u2".into();
        assert_ne!(k, VerdictCache::key("triage", &model, "v1", &other));
        assert_ne!(k, VerdictCache::key("verify", &model, "v1", &req));
        assert_ne!(k, VerdictCache::key("triage", &model, "v2", &req));
    }
}
