//! Identity: API keys (key id + keyed BLAKE3 hash of the secret) and OIDC bearer tokens (JWT,
//! EdDSA/Ed25519 only, keys from a JWKS file per configured issuer).
//!
//! Why a small verifier rather than `jsonwebtoken`: we accept exactly one algorithm (EdDSA), so
//! there is no algorithm-confusion surface (`alg: none`, HS256 with a public key), and it reuses
//! `ed25519-dalek`, which the audit log needs anyway, instead of pulling in a second crypto stack.

use std::collections::HashMap;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use serde::Deserialize;
use serde_json::Value;

/// Prefix of every API key, so that secret scanners can recognise leaked keys.
pub const KEY_PREFIX: &str = "fgw_";

/// Errors of identity handling. The `Display` text is safe to return to a client.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IdentityError {
    /// No credentials in the request.
    #[error("missing credentials: send `Authorization: Bearer <key or token>` or `x-api-key`")]
    Missing,
    /// Not a key of ours, and not a JWT.
    #[error("malformed credentials")]
    Malformed,
    /// Unknown key id or wrong secret.
    #[error("invalid API key")]
    BadKey,
    /// The key has expired.
    #[error("API key expired")]
    Expired,
    /// The key was revoked.
    #[error("API key revoked")]
    Revoked,
    /// The token's issuer is not configured.
    #[error("token issuer is not trusted")]
    UnknownIssuer,
    /// Signature, algorithm or key id check failed.
    #[error("token signature invalid")]
    BadSignature,
    /// A claim check failed.
    #[error("token rejected: {0}")]
    BadClaims(&'static str),
    /// The token maps to no user of record.
    #[error("no user of record for this token")]
    UnknownUser,
    /// The token's issuer is not bound to the user's organisation or e-mail domain.
    #[error("this token's issuer may not assert this user")]
    NotBound,
}

/// Errors loading identity configuration (JWKS files, the server secret).
#[derive(Debug, thiserror::Error)]
pub enum IdentityConfigError {
    /// File could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// Bad JWKS contents.
    #[error("bad JWKS {path}: {reason}")]
    Jwks {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
}

/// Credentials found in a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// An API key: key id and secret.
    Key {
        /// Public part.
        key_id: String,
        /// Secret part.
        secret: String,
    },
    /// A bearer JWT.
    Jwt(String),
}

/// Parses an `Authorization` or `x-api-key` header value.
pub fn parse_credential(value: &str) -> Result<Credential, IdentityError> {
    let v = value.trim();
    let v = v
        .strip_prefix("Bearer ")
        .or_else(|| v.strip_prefix("bearer "))
        .unwrap_or(v)
        .trim();
    if let Some(rest) = v.strip_prefix(KEY_PREFIX) {
        let (id, secret) = rest.split_once('_').ok_or(IdentityError::Malformed)?;
        if id.len() != 16 || !id.bytes().all(|b| b.is_ascii_hexdigit()) || secret.len() < 32 {
            return Err(IdentityError::Malformed);
        }
        return Ok(Credential::Key {
            key_id: id.to_string(),
            secret: secret.to_string(),
        });
    }
    if v.split('.').count() == 3 && v.len() < 16 * 1024 {
        return Ok(Credential::Jwt(v.to_string()));
    }
    Err(IdentityError::Malformed)
}

/// Creates and checks API keys with a server secret.
#[derive(Clone)]
pub struct KeyHasher {
    secret: [u8; 32],
}

impl std::fmt::Debug for KeyHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyHasher(..)")
    }
}

/// A freshly created key: the full text (shown once) and its parts.
#[derive(Debug, Clone)]
pub struct NewKey {
    /// The full key, `fgw_<id>_<secret>`.
    pub full: String,
    /// The public key id.
    pub key_id: String,
    /// Keyed hash to store.
    pub hash: Vec<u8>,
}

impl KeyHasher {
    /// A hasher with this server secret.
    pub fn new(secret: [u8; 32]) -> KeyHasher {
        KeyHasher { secret }
    }

    /// Loads the server secret from `path`, creating a random one (mode 0600) if absent.
    pub fn load_or_create(path: &Path) -> Result<KeyHasher, IdentityConfigError> {
        let io = |source| IdentityConfigError::Io {
            path: path.display().to_string(),
            source,
        };
        if let Ok(bytes) = std::fs::read(path) {
            let arr: [u8; 32] = bytes.try_into().map_err(|_| IdentityConfigError::Jwks {
                path: path.display().to_string(),
                reason: "server secret must be 32 bytes".into(),
            })?;
            return Ok(KeyHasher::new(arr));
        }
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).map_err(|e| io(std::io::Error::other(e.to_string())))?;
        write_private(path, &secret).map_err(io)?;
        Ok(KeyHasher::new(secret))
    }

    /// The keyed hash of a key id and secret.
    pub fn hash(&self, key_id: &str, secret: &str) -> blake3::Hash {
        let mut h = blake3::Hasher::new_keyed(&self.secret);
        h.update(key_id.as_bytes());
        h.update(b"\0");
        h.update(secret.as_bytes());
        h.finalize()
    }

    /// Generates a new random key.
    pub fn generate(&self) -> Result<NewKey, IdentityError> {
        let mut id = [0u8; 8];
        let mut secret = [0u8; 32];
        getrandom::fill(&mut id).map_err(|_| IdentityError::Malformed)?;
        getrandom::fill(&mut secret).map_err(|_| IdentityError::Malformed)?;
        let key_id: String = id.iter().map(|b| format!("{b:02x}")).collect();
        let secret = URL_SAFE_NO_PAD.encode(secret);
        let hash = self.hash(&key_id, &secret).as_bytes().to_vec();
        Ok(NewKey {
            full: format!("{KEY_PREFIX}{key_id}_{secret}"),
            key_id,
            hash,
        })
    }

    /// Checks a presented secret against a stored hash, in constant time.
    pub fn verify(&self, key_id: &str, secret: &str, stored: &[u8]) -> bool {
        let Ok(stored): Result<[u8; 32], _> = stored.try_into() else {
            return false;
        };
        // blake3::Hash equality is constant-time.
        self.hash(key_id, secret) == blake3::Hash::from_bytes(stored)
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(bytes)
}

/// Which users of record an issuer may assert (`[[oidc]]` `orgs`, `email_domains`,
/// `any_user`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    /// Every user of record (`any_user = true`; allowed only for the sole issuer).
    AnyUser,
    /// Only users who meet every constraint given: a member of one of `orgs` (exact names),
    /// and an e-mail address in one of `email_domains` (lower case, exact domain). An empty
    /// list is no constraint; at least one of the two is non-empty.
    Bound {
        /// Organisation names.
        orgs: Vec<String>,
        /// E-mail domains.
        email_domains: Vec<String>,
    },
}

/// One trusted OIDC issuer.
#[derive(Debug, Clone)]
pub struct Issuer {
    /// The `iss` value.
    pub issuer: String,
    /// Accepted `aud` value.
    pub audience: String,
    /// Claim holding the user's e-mail of record.
    pub user_claim: String,
    /// Keys by `kid`.
    pub keys: HashMap<String, VerifyingKey>,
    /// Which users it may assert.
    pub binding: Binding,
}

impl Issuer {
    /// Checks the asserted e-mail address against the issuer's `email_domains`. Run before the
    /// user is looked up, so that an issuer cannot probe which addresses of other domains are
    /// registered.
    pub fn check_email(&self, email: &str) -> Result<(), IdentityError> {
        match &self.binding {
            Binding::AnyUser => Ok(()),
            Binding::Bound { email_domains, .. } if email_domains.is_empty() => Ok(()),
            Binding::Bound { email_domains, .. } => {
                let domain = email
                    .rsplit_once('@')
                    .map(|(_, d)| d.to_ascii_lowercase())
                    .ok_or(IdentityError::NotBound)?;
                if email_domains.contains(&domain) {
                    Ok(())
                } else {
                    Err(IdentityError::NotBound)
                }
            }
        }
    }

    /// Checks the user's organisation of record against the issuer's `orgs`.
    pub fn check_org(&self, org_name: &str) -> Result<(), IdentityError> {
        match &self.binding {
            Binding::AnyUser => Ok(()),
            Binding::Bound { orgs, .. }
                if orgs.is_empty() || orgs.iter().any(|o| o == org_name) =>
            {
                Ok(())
            }
            Binding::Bound { .. } => Err(IdentityError::NotBound),
        }
    }
}

/// A token that verified: its issuer, the user claim (the e-mail of record, as the token has
/// it) and its expiry (unix seconds).
#[derive(Debug, Clone)]
pub struct VerifiedToken<'a> {
    /// The issuer that signed it.
    pub issuer: &'a Issuer,
    /// The user claim.
    pub user: String,
    /// `exp`.
    pub exp: i64,
}

/// Whether `url` may serve a JWKS: `https`, or plain `http` to a loopback address only (a
/// JWKS served on the same host, and tests). Anything else could be altered on the way, and
/// whoever alters the keys can log in as anyone the issuer may assert.
pub fn jwks_url_allowed(url: &str) -> Result<(), String> {
    let u = reqwest::Url::parse(url).map_err(|e| format!("{url:?} is not a URL: {e}"))?;
    match u.scheme() {
        "https" => Ok(()),
        "http" => {
            let host = u.host_str().unwrap_or_default();
            let host = host.trim_start_matches('[').trim_end_matches(']');
            let loopback = host.eq_ignore_ascii_case("localhost")
                || host
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback());
            if loopback {
                Ok(())
            } else {
                Err(format!(
                    "{url:?} must be https (plain http is accepted only for a loopback address)"
                ))
            }
        }
        other => Err(format!("{url:?}: scheme {other:?} is not https")),
    }
}

/// Fetches an issuer's JWKS from its URL: https only (see [`jwks_url_allowed`]), no redirects
/// (a redirect could lead to plain http), 10 s at most.
pub async fn fetch_jwks(url: &str) -> Result<HashMap<String, VerifyingKey>, IdentityConfigError> {
    let fail = |reason: String| IdentityConfigError::Jwks {
        path: url.to_string(),
        reason,
    };
    jwks_url_allowed(url).map_err(fail)?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(|e| fail(e.to_string()))?;
    let resp = client
        .get(url)
        .send()
        .await
        .map_err(|e| fail(e.to_string()))?;
    if !resp.status().is_success() {
        return Err(fail(format!("HTTP {}", resp.status())));
    }
    let text = resp.text().await.map_err(|e| fail(e.to_string()))?;
    parse_jwks(&text, url)
}

/// Loads every configured issuer: its keys (from a file or its URL) and its binding.
pub async fn load_issuers(
    config: &crate::config::GatewayConfig,
) -> Result<Vec<Issuer>, crate::GatewayError> {
    let mut issuers = Vec::new();
    for o in &config.oidc {
        let keys = match (&o.jwks_file, &o.jwks_url) {
            (Some(f), _) => load_jwks_file(f)?,
            (None, Some(url)) => fetch_jwks(url).await?,
            (None, None) => {
                return Err(crate::GatewayError::Config(
                    crate::config::ConfigError::Invalid(format!(
                        "issuer {:?} has no JWKS",
                        o.issuer
                    )),
                ));
            }
        };
        let binding = if o.any_user {
            Binding::AnyUser
        } else {
            Binding::Bound {
                orgs: o.orgs.clone(),
                email_domains: o.email_domains.clone(),
            }
        };
        issuers.push(Issuer {
            issuer: o.issuer.clone(),
            audience: o.audience.clone(),
            user_claim: o.user_claim.clone(),
            keys,
            binding,
        });
    }
    Ok(issuers)
}

#[derive(Deserialize)]
struct Jwks {
    keys: Vec<Jwk>,
}

#[derive(Deserialize)]
struct Jwk {
    kty: String,
    #[serde(default)]
    crv: Option<String>,
    #[serde(default)]
    kid: Option<String>,
    #[serde(default)]
    x: Option<String>,
}

/// Parses a JWKS document, keeping its Ed25519 (`OKP`/`Ed25519`) keys.
pub fn parse_jwks(
    text: &str,
    path: &str,
) -> Result<HashMap<String, VerifyingKey>, IdentityConfigError> {
    let bad = |reason: String| IdentityConfigError::Jwks {
        path: path.to_string(),
        reason,
    };
    let jwks: Jwks = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
    let mut out = HashMap::new();
    for k in jwks.keys {
        if k.kty != "OKP" || k.crv.as_deref() != Some("Ed25519") {
            continue;
        }
        let kid = k.kid.ok_or_else(|| bad("key without kid".into()))?;
        let x = k.x.ok_or_else(|| bad(format!("key {kid} without x")))?;
        let raw = URL_SAFE_NO_PAD
            .decode(x.as_bytes())
            .map_err(|e| bad(format!("key {kid}: {e}")))?;
        let arr: [u8; 32] = raw
            .try_into()
            .map_err(|_| bad(format!("key {kid}: not 32 bytes")))?;
        let vk = VerifyingKey::from_bytes(&arr).map_err(|e| bad(format!("key {kid}: {e}")))?;
        out.insert(kid, vk);
    }
    if out.is_empty() {
        return Err(bad("no Ed25519 keys".into()));
    }
    Ok(out)
}

/// Loads an issuer's JWKS from a file.
pub fn load_jwks_file(path: &Path) -> Result<HashMap<String, VerifyingKey>, IdentityConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| IdentityConfigError::Io {
        path: path.display().to_string(),
        source,
    })?;
    parse_jwks(&text, &path.display().to_string())
}

fn b64json(part: &str) -> Result<Value, IdentityError> {
    let raw = URL_SAFE_NO_PAD
        .decode(part.as_bytes())
        .map_err(|_| IdentityError::Malformed)?;
    serde_json::from_slice(&raw).map_err(|_| IdentityError::Malformed)
}

/// Verifies a JWT against the configured issuers: signature (EdDSA, by the issuer's key of the
/// token's `kid`), `exp`, `nbf`, `aud`, and `email_verified` (a token that says `false`, as a
/// boolean or as the string some providers send, is refused; a token without the claim is
/// accepted, as many enterprise providers omit it). The caller checks the issuer's binding
/// ([`Issuer::check_email`], [`Issuer::check_org`]).
pub fn verify_jwt<'a>(
    token: &str,
    issuers: &'a [Issuer],
    now: i64,
) -> Result<VerifiedToken<'a>, IdentityError> {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(IdentityError::Malformed);
    };
    let header = b64json(h)?;
    let claims = b64json(p)?;
    let iss = claims
        .get("iss")
        .and_then(Value::as_str)
        .ok_or(IdentityError::BadClaims("missing iss"))?;
    let issuer = issuers
        .iter()
        .find(|i| i.issuer == iss)
        .ok_or(IdentityError::UnknownIssuer)?;
    if header.get("alg").and_then(Value::as_str) != Some("EdDSA") {
        return Err(IdentityError::BadSignature);
    }
    let kid = header
        .get("kid")
        .and_then(Value::as_str)
        .ok_or(IdentityError::BadSignature)?;
    let key = issuer.keys.get(kid).ok_or(IdentityError::BadSignature)?;
    let sig = URL_SAFE_NO_PAD
        .decode(s.as_bytes())
        .map_err(|_| IdentityError::BadSignature)?;
    let sig = Signature::from_slice(&sig).map_err(|_| IdentityError::BadSignature)?;
    let signed = &token[..h.len() + 1 + p.len()];
    key.verify(signed.as_bytes(), &sig)
        .map_err(|_| IdentityError::BadSignature)?;
    const LEEWAY: i64 = 30;
    let exp = claims
        .get("exp")
        .and_then(Value::as_i64)
        .ok_or(IdentityError::BadClaims("missing exp"))?;
    // Checked: an `exp` near i64::MAX is refused, not wrapped (which would read as expired in
    // a release build only by accident) nor a panic (in a debug build).
    let latest = exp
        .checked_add(LEEWAY)
        .ok_or(IdentityError::BadClaims("exp out of range"))?;
    if now > latest {
        return Err(IdentityError::BadClaims("expired"));
    }
    if let Some(nbf) = claims.get("nbf").and_then(Value::as_i64)
        && now + LEEWAY < nbf
    {
        return Err(IdentityError::BadClaims("not yet valid"));
    }
    let aud_ok = match claims.get("aud") {
        Some(Value::String(a)) => *a == issuer.audience,
        Some(Value::Array(a)) => a.iter().any(|v| v.as_str() == Some(&issuer.audience)),
        _ => false,
    };
    if !aud_ok {
        return Err(IdentityError::BadClaims("wrong audience"));
    }
    match claims.get("email_verified") {
        None | Some(Value::Bool(true)) => {}
        Some(Value::String(v)) if v == "true" => {}
        Some(Value::Bool(false)) => return Err(IdentityError::BadClaims("e-mail not verified")),
        Some(Value::String(v)) if v == "false" => {
            return Err(IdentityError::BadClaims("e-mail not verified"));
        }
        Some(_) => return Err(IdentityError::BadClaims("malformed email_verified")),
    }
    let user = claims
        .get(&issuer.user_claim)
        .and_then(Value::as_str)
        .ok_or(IdentityError::BadClaims("missing user claim"))?;
    Ok(VerifiedToken {
        issuer,
        user: user.to_string(),
        exp,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_roundtrip() {
        let h = KeyHasher::new([7; 32]);
        let k = h.generate().unwrap();
        let Credential::Key { key_id, secret } =
            parse_credential(&format!("Bearer {}", k.full)).unwrap()
        else {
            panic!("not a key")
        };
        assert!(h.verify(&key_id, &secret, &k.hash));
        assert!(!h.verify(&key_id, "x", &k.hash));
        assert!(!KeyHasher::new([8; 32]).verify(&key_id, &secret, &k.hash));
    }

    fn issuer(binding: Binding) -> (Issuer, ed25519_dalek::SigningKey) {
        let sk = ed25519_dalek::SigningKey::from_bytes(&[5; 32]);
        let mut keys = HashMap::new();
        keys.insert("k".to_string(), sk.verifying_key());
        let i = Issuer {
            issuer: "https://idp".into(),
            audience: "gw".into(),
            user_claim: "email".into(),
            keys,
            binding,
        };
        (i, sk)
    }

    fn token(sk: &ed25519_dalek::SigningKey, claims: Value) -> String {
        use ed25519_dalek::Signer;
        let h = URL_SAFE_NO_PAD.encode(r#"{"alg":"EdDSA","kid":"k"}"#);
        let signed = format!("{h}.{}", URL_SAFE_NO_PAD.encode(claims.to_string()));
        let sig = sk.sign(signed.as_bytes());
        format!("{signed}.{}", URL_SAFE_NO_PAD.encode(sig.to_bytes()))
    }

    #[test]
    fn claims_exp_and_email_verified() {
        let (i, sk) = issuer(Binding::AnyUser);
        let issuers = [i];
        let claims = |extra: Value| {
            let mut c = serde_json::json!({"iss": "https://idp", "aud": "gw", "email": "a@x.test", "exp": 1000});
            for (k, v) in extra.as_object().unwrap() {
                c[k] = v.clone();
            }
            c
        };
        let v = verify_jwt(&token(&sk, claims(serde_json::json!({}))), &issuers, 900).unwrap();
        assert_eq!((v.user.as_str(), v.exp), ("a@x.test", 1000));
        for (extra, want) in [
            (serde_json::json!({"exp": i64::MAX}), "exp out of range"),
            (
                serde_json::json!({"exp": i64::MAX - 29}),
                "exp out of range",
            ),
            (serde_json::json!({"exp": 800}), "expired"),
            (
                serde_json::json!({"email_verified": false}),
                "e-mail not verified",
            ),
            (
                serde_json::json!({"email_verified": "false"}),
                "e-mail not verified",
            ),
            (
                serde_json::json!({"email_verified": 1}),
                "malformed email_verified",
            ),
        ] {
            let e = verify_jwt(&token(&sk, claims(extra.clone())), &issuers, 900).unwrap_err();
            assert_eq!(e, IdentityError::BadClaims(want), "{extra}");
        }
        for ok in [serde_json::json!(true), serde_json::json!("true")] {
            let c = claims(serde_json::json!({"email_verified": ok}));
            assert!(verify_jwt(&token(&sk, c), &issuers, 900).is_ok());
        }
    }

    #[test]
    fn bindings() {
        let (i, _) = issuer(Binding::Bound {
            orgs: vec!["Acme".into()],
            email_domains: vec!["acme.test".into()],
        });
        assert!(i.check_email("a@acme.test").is_ok() && i.check_email("a@ACME.test").is_ok());
        for bad in [
            "a@operator.test",
            "a@sub.acme.test",
            "a@acme.test.evil",
            "noat",
        ] {
            assert_eq!(i.check_email(bad), Err(IdentityError::NotBound), "{bad}");
        }
        assert!(i.check_org("Acme").is_ok());
        assert_eq!(i.check_org("acme"), Err(IdentityError::NotBound));
        let (orgs_only, _) = issuer(Binding::Bound {
            orgs: vec!["Acme".into()],
            email_domains: vec![],
        });
        assert!(orgs_only.check_email("a@anything.test").is_ok());
        assert!(orgs_only.check_org("Other").is_err());
        let (any, _) = issuer(Binding::AnyUser);
        assert!(any.check_email("a@b.test").is_ok() && any.check_org("X").is_ok());
    }

    #[test]
    fn malformed_credentials() {
        assert_eq!(
            parse_credential("Bearer nope"),
            Err(IdentityError::Malformed)
        );
        assert_eq!(
            parse_credential("fgw_zz_short"),
            Err(IdentityError::Malformed)
        );
    }
}
