//! `gateway.toml`: upstream models, OIDC issuers, quotas and limits.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::quota::QuotaRule;

/// Errors reading the configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// The TOML is invalid.
    #[error("invalid configuration {path}: {message}")]
    Toml {
        /// The file.
        path: String,
        /// The parser's message.
        message: String,
    },
    /// A value is invalid.
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

/// Which API shape an upstream speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ApiKind {
    /// OpenAI `/v1/chat/completions`, `/v1/responses`.
    Openai,
    /// Anthropic `/v1/messages`.
    Anthropic,
}

impl ApiKind {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiKind::Openai => "openai",
            ApiKind::Anthropic => "anthropic",
        }
    }
}

/// One model of the catalogue and its upstream.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelConfig {
    /// Model id as clients name it.
    pub id: String,
    /// Export tier: `full`, `lite` or `general` (any string the policy knows).
    pub tier: String,
    /// Upstream base URL, e.g. `https://api.example.com` (paths `/v1/...` are appended).
    pub upstream: String,
    /// API shape of the upstream.
    pub api: ApiKind,
    /// Model id to send upstream, if different.
    #[serde(default)]
    pub upstream_model: Option<String>,
    /// Output tokens reserved against token quotas for a request that names no `max_tokens`
    /// (default: the gateway's `default_max_output_tokens`).
    #[serde(default)]
    pub default_max_output_tokens: Option<u64>,
    /// Environment variable holding the upstream API key.
    #[serde(default)]
    pub api_key_env: Option<String>,
}

/// One trusted OIDC issuer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OidcConfig {
    /// Expected `iss`.
    pub issuer: String,
    /// Expected `aud`.
    pub audience: String,
    /// JWKS file (relative to the config file). Exactly one of `jwks_file` and `jwks_url`.
    #[serde(default)]
    pub jwks_file: Option<PathBuf>,
    /// JWKS URL, fetched at start-up and refreshed hourly.
    #[serde(default)]
    pub jwks_url: Option<String>,
    /// Claim naming the user of record (their e-mail).
    #[serde(default = "default_user_claim")]
    pub user_claim: String,
}

fn default_user_claim() -> String {
    "email".into()
}

/// The whole configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatewayConfig {
    /// Largest accepted request body.
    #[serde(default = "default_body_limit")]
    pub body_limit_bytes: usize,
    /// Time limit for a non-streaming upstream call, and idle limit between streamed chunks.
    #[serde(default = "default_timeout")]
    pub upstream_timeout_secs: u64,
    /// Longest lifetime of an API key.
    #[serde(default = "default_key_days")]
    pub key_max_days: u32,
    /// Log request bodies (prompts) at debug level. Off by default.
    #[serde(default)]
    pub debug_log_prompts: bool,
    /// Cedar schema file (default: the shipped schema).
    #[serde(default)]
    pub schema_file: Option<PathBuf>,
    /// Cedar policy file (default: the shipped policy).
    #[serde(default)]
    pub policy_file: Option<PathBuf>,
    /// The model catalogue.
    #[serde(default, rename = "model")]
    pub models: Vec<ModelConfig>,
    /// Trusted OIDC issuers.
    #[serde(default, rename = "oidc")]
    pub oidc: Vec<OidcConfig>,
    /// Quota rules.
    #[serde(default, rename = "quota")]
    pub quotas: Vec<QuotaRule>,
    /// Output tokens reserved against token quotas for a request that names no `max_tokens`.
    #[serde(default = "default_max_output")]
    pub default_max_output_tokens: u64,
    /// Connection limits and timeouts of the listener.
    #[serde(default, rename = "limits")]
    pub limits: crate::limits::LimitsConfig,
}

fn default_body_limit() -> usize {
    1024 * 1024
}
fn default_timeout() -> u64 {
    120
}
fn default_key_days() -> u32 {
    90
}
fn default_max_output() -> u64 {
    4096
}

impl Default for GatewayConfig {
    fn default() -> Self {
        toml::from_str("").expect("empty config is valid")
    }
}

impl GatewayConfig {
    /// Parses TOML text; relative paths are resolved against `base`.
    pub fn parse(text: &str, path: &str, base: &Path) -> Result<GatewayConfig, ConfigError> {
        let mut c: GatewayConfig = toml::from_str(text).map_err(|e| ConfigError::Toml {
            path: path.to_string(),
            message: e.to_string(),
        })?;
        let fix = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        if let Some(p) = c.schema_file.as_mut() {
            fix(p);
        }
        if let Some(p) = c.policy_file.as_mut() {
            fix(p);
        }
        for o in &mut c.oidc {
            if let Some(p) = o.jwks_file.as_mut() {
                fix(p);
            }
        }
        c.check()?;
        Ok(c)
    }

    /// Reads a config file.
    pub fn load(path: &Path) -> Result<GatewayConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        Self::parse(&text, &path.display().to_string(), base)
    }

    fn check(&self) -> Result<(), ConfigError> {
        let mut ids = std::collections::HashSet::new();
        for m in &self.models {
            if m.id.is_empty() || m.id.len() > 200 || m.id.chars().any(char::is_control) {
                return Err(ConfigError::Invalid(format!("bad model id {:?}", m.id)));
            }
            if !ids.insert(&m.id) {
                return Err(ConfigError::Invalid(format!("duplicate model {:?}", m.id)));
            }
            if !(m.upstream.starts_with("http://") || m.upstream.starts_with("https://")) {
                return Err(ConfigError::Invalid(format!(
                    "model {:?}: upstream must be an http(s) URL",
                    m.id
                )));
            }
        }
        for o in &self.oidc {
            if o.jwks_file.is_some() == o.jwks_url.is_some() {
                return Err(ConfigError::Invalid(format!(
                    "issuer {:?}: give exactly one of jwks_file and jwks_url",
                    o.issuer
                )));
            }
            if let Some(u) = &o.jwks_url
                && !(u.starts_with("https://") || u.starts_with("http://"))
            {
                return Err(ConfigError::Invalid(format!(
                    "issuer {:?}: jwks_url must be an http(s) URL",
                    o.issuer
                )));
            }
        }
        self.limits.check()?;
        if self.body_limit_bytes == 0 {
            return Err(ConfigError::Invalid("body_limit_bytes must be > 0".into()));
        }
        Ok(())
    }

    /// The model with this id.
    pub fn model(&self, id: &str) -> Option<&ModelConfig> {
        self.models.iter().find(|m| m.id == id)
    }
}
