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
    /// The organisations (exact names) whose users this issuer may assert. With
    /// `email_domains`, a user must meet both.
    #[serde(default)]
    pub orgs: Vec<String>,
    /// The e-mail domains (exact, case-insensitive) whose users this issuer may assert.
    #[serde(default)]
    pub email_domains: Vec<String>,
    /// Trust this issuer for every user of record, admins and regulators included. Allowed
    /// only when it is the only issuer, and only instead of `orgs` and `email_domains`.
    #[serde(default)]
    pub any_user: bool,
}

fn default_user_claim() -> String {
    "email".into()
}

/// Checks an issuer's binding: which users of record it may assert. Every issuer must be bound
/// (`orgs` and/or `email_domains`), or, as the sole issuer, say `any_user = true` explicitly:
/// an issuer trusted for everybody can log in as an operator or a regulator, so that is never a
/// default.
fn check_binding(o: &OidcConfig, issuers: usize) -> Result<(), ConfigError> {
    let bad = |m: String| Err(ConfigError::Invalid(format!("issuer {:?}: {m}", o.issuer)));
    let bound = !o.orgs.is_empty() || !o.email_domains.is_empty();
    if o.any_user && bound {
        return bad("any_user = true cannot be combined with orgs or email_domains".into());
    }
    if o.any_user && issuers > 1 {
        return bad(
            "any_user = true is allowed only for a sole issuer; with several issuers bind each \
             one to its organisations (orgs) or e-mail domains (email_domains)"
                .into(),
        );
    }
    if !o.any_user && !bound {
        return bad(
            "no binding: say which users it may assert with orgs = [\"...\"] and/or \
             email_domains = [\"...\"] (or any_user = true if it is the only issuer and may \
             assert every user of record, operators and regulators included)"
                .into(),
        );
    }
    for org in &o.orgs {
        if org.trim().is_empty() || org.trim() != org {
            return bad(format!("bad organisation name {org:?} in orgs"));
        }
    }
    for d in &o.email_domains {
        if d.is_empty() || d.contains('@') || !d.contains('.') || d.contains(char::is_whitespace) {
            return bad(format!("bad e-mail domain {d:?} in email_domains"));
        }
    }
    Ok(())
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
    /// Where the store lives: `postgres://...` (or `postgresql://...`) for PostgreSQL,
    /// `sqlite://PATH` or a plain path for a SQLite file; absent, `gateway.db` in the data
    /// directory. `ferret gateway serve --database` overrides it. Read it through
    /// [`GatewayConfig::database`].
    #[serde(default)]
    pub database: Option<String>,
}

/// Which database engine keeps the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseKind {
    /// One SQLite file: one gateway process (and the `ferret gateway` commands beside it).
    Sqlite,
    /// PostgreSQL: any number of gateway instances share it.
    Postgres,
}

/// The parsed `database` setting.
#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file; `None` is `gateway.db` in the data directory.
    Sqlite(Option<PathBuf>),
    /// A PostgreSQL connection URL (`postgres://user@host:port/db?...`).
    Postgres(String),
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Database::Sqlite(p) => f.debug_tuple("Sqlite").field(p).finish(),
            // The URL may carry a password.
            Database::Postgres(_) => f.write_str("Postgres(..)"),
        }
    }
}

impl Database {
    /// Parses a `database` value: `postgres://` / `postgresql://` URLs are PostgreSQL,
    /// `sqlite://PATH` / `sqlite:PATH` and plain paths are SQLite files.
    pub fn parse(value: &str) -> Result<Database, ConfigError> {
        let v = value.trim();
        let bad = |m: &str| Err(ConfigError::Invalid(format!("database: {m}")));
        if v.is_empty() {
            return bad("empty value");
        }
        let lower = v.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            return Ok(Database::Postgres(v.to_string()));
        }
        let path = if lower.starts_with("sqlite://") {
            &v["sqlite://".len()..]
        } else if lower.starts_with("sqlite:") {
            &v["sqlite:".len()..]
        } else if v.contains("://") {
            return bad("unknown scheme (use postgres://..., sqlite://PATH or a file path)");
        } else {
            v
        };
        if path.is_empty() || path.contains('?') || path == ":memory:" {
            return bad("a SQLite database is a file path (no options, not :memory:)");
        }
        Ok(Database::Sqlite(Some(PathBuf::from(path))))
    }

    /// The engine.
    pub fn kind(&self) -> DatabaseKind {
        match self {
            Database::Sqlite(_) => DatabaseKind::Sqlite,
            Database::Postgres(_) => DatabaseKind::Postgres,
        }
    }
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
            for d in &mut o.email_domains {
                *d = d.trim().trim_start_matches('@').to_ascii_lowercase();
            }
        }
        // E-mail addresses of record are lower case: a user rule matches in any case.
        for q in &mut c.quotas {
            if q.scope == crate::quota::Scope::User
                && let Some(o) = q.only.as_mut()
            {
                *o = o.trim().to_ascii_lowercase();
            }
        }
        c.check()?;
        // A relative SQLite file is relative to the configuration, like the other paths.
        if let Database::Sqlite(Some(p)) = c.database()?
            && p.is_relative()
        {
            c.database = Some(base.join(p).display().to_string());
        }
        Ok(c)
    }

    /// The parsed `database` setting (SQLite in the data directory when absent).
    pub fn database(&self) -> Result<Database, ConfigError> {
        match &self.database {
            None => Ok(Database::Sqlite(None)),
            Some(v) => Database::parse(v),
        }
    }

    /// The engine of the `database` setting.
    pub fn database_kind(&self) -> DatabaseKind {
        self.database()
            .map(|d| d.kind())
            .unwrap_or(DatabaseKind::Sqlite)
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
            if let Some(u) = &o.jwks_url {
                crate::identity::jwks_url_allowed(u).map_err(|e| {
                    ConfigError::Invalid(format!("issuer {:?}: jwks_url {e}", o.issuer))
                })?;
            }
            check_binding(o, self.oidc.len())?;
        }
        for (i, o) in self.oidc.iter().enumerate() {
            if self.oidc[..i].iter().any(|p| p.issuer == o.issuer) {
                return Err(ConfigError::Invalid(format!(
                    "issuer {:?} is configured twice",
                    o.issuer
                )));
            }
        }
        for q in &self.quotas {
            if q.scope == crate::quota::Scope::Model
                && let Some(m) = &q.only
                && self.model(m).is_none()
            {
                return Err(ConfigError::Invalid(format!(
                    "quota for model {m:?}: no such model in the catalogue (model ids are \
                     matched exactly)"
                )));
            }
        }
        self.limits.check()?;
        self.database()?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(oidc: &str) -> Result<GatewayConfig, ConfigError> {
        GatewayConfig::parse(oidc, "t.toml", Path::new("/"))
    }

    const ONE: &str = "[[oidc]]\nissuer = \"https://a\"\naudience = \"x\"\njwks_file = \"j\"\n";
    const TWO: &str = "[[oidc]]\nissuer = \"https://b\"\naudience = \"x\"\njwks_file = \"j\"\n";

    #[test]
    fn every_issuer_is_bound() {
        // A sole issuer without a binding is refused: trusting it for everybody is explicit.
        let e = parse(ONE).unwrap_err().to_string();
        assert!(e.contains("no binding"), "{e}");
        assert!(parse(&format!("{ONE}any_user = true\n")).is_ok());
        let c = parse(&format!("{ONE}email_domains = [\"@Op.Test\"]\n")).unwrap();
        assert_eq!(c.oidc[0].email_domains, ["op.test"]);
        assert!(parse(&format!("{ONE}orgs = [\"Operator\"]\nany_user = true\n")).is_err());
        // With several issuers, each is bound and none may assert everybody.
        let bound_a = format!("{ONE}orgs = [\"Operator\"]\n");
        let bound_b = format!("{TWO}email_domains = [\"b.test\"]\n");
        assert!(parse(&format!("{bound_a}{bound_b}")).is_ok());
        assert!(parse(&format!("{bound_a}{TWO}")).is_err());
        assert!(parse(&format!("{bound_a}{TWO}any_user = true\n")).is_err());
        // The same issuer twice is ambiguous.
        assert!(parse(&format!("{bound_a}{bound_a}")).is_err());
        assert!(parse(&format!("{ONE}email_domains = [\"nodot\"]\n")).is_err());
    }

    #[test]
    fn the_example_parses() {
        let text = include_str!("../examples/gateway.toml");
        let c = parse(text).unwrap();
        assert!(c.oidc.is_empty() && !c.models.is_empty());
        // Its commented issuers, as a reader would enable them (one JWKS source each).
        let issuers: String = text
            .lines()
            .skip_while(|l| !l.starts_with("# [[oidc]]"))
            .take_while(|l| l.starts_with('#') && !l.contains("With a single issuer"))
            .filter(|l| !l.contains("jwks_url") && !l.contains("any_user"))
            .map(|l| l.trim_start_matches("# ").trim_start_matches('#'))
            .collect::<Vec<_>>()
            .join("\n")
            .replace(
                "audience = \"ferret-gateway\"\norgs",
                "audience = \"ferret-gateway\"\njwks_file = \"j\"\norgs",
            );
        let c = parse(&issuers).unwrap();
        assert_eq!(c.oidc.len(), 2);
        assert_eq!(c.oidc[1].orgs, ["Acme Inc"]);
    }

    #[test]
    fn the_database_setting_names_the_engine() {
        let c = parse("").unwrap();
        assert_eq!(c.database().unwrap(), Database::Sqlite(None));
        assert_eq!(c.database_kind(), DatabaseKind::Sqlite);
        let c = parse("database = \"postgres://gw@127.0.0.1:5432/gw\"\n").unwrap();
        assert_eq!(c.database_kind(), DatabaseKind::Postgres);
        assert_eq!(
            c.database().unwrap(),
            Database::Postgres("postgres://gw@127.0.0.1:5432/gw".into())
        );
        assert_eq!(
            Database::parse("postgresql://h/db").unwrap().kind(),
            DatabaseKind::Postgres
        );
        // SQLite paths: relative ones are relative to the configuration file.
        let c = GatewayConfig::parse(
            "database = \"sqlite://data/gw.db\"\n",
            "t",
            Path::new("/etc/f"),
        )
        .unwrap();
        assert_eq!(
            c.database().unwrap(),
            Database::Sqlite(Some(PathBuf::from("/etc/f/data/gw.db")))
        );
        assert_eq!(
            Database::parse("/var/lib/gw.db").unwrap(),
            Database::Sqlite(Some(PathBuf::from("/var/lib/gw.db")))
        );
        for bad in [
            "",
            "mysql://h/db",
            "sqlite://",
            "sqlite::memory:",
            "x.db?mode=ro",
        ] {
            assert!(Database::parse(bad).is_err(), "{bad}");
        }
        assert!(parse("database = \"redis://h\"\n").is_err());
        // The URL (which may hold a password) is not printed by Debug.
        let d = Database::parse("postgres://u:secret@h/db").unwrap();
        assert!(!format!("{d:?}").contains("secret"));
    }

    #[test]
    fn jwks_urls_are_https_or_loopback() {
        let url = |u: &str| {
            parse(&format!(
                "[[oidc]]\nissuer = \"i\"\naudience = \"x\"\njwks_url = \"{u}\"\nany_user = true\n"
            ))
        };
        assert!(url("https://idp.example.test/jwks.json").is_ok());
        assert!(url("http://127.0.0.1:8080/jwks.json").is_ok());
        assert!(url("http://[::1]:8080/jwks.json").is_ok());
        assert!(url("http://localhost/jwks.json").is_ok());
        for bad in [
            "http://idp.example.test/jwks.json",
            "http://10.0.0.1/jwks.json",
            "ftp://idp.example.test/jwks.json",
            "not a url",
        ] {
            assert!(url(bad).is_err(), "{bad}");
        }
    }
}
