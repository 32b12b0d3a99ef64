use hmac::{Hmac, Mac};
use jsonwebtoken::{DecodingKey, EncodingKey};
use sha2::Sha256;

fn keys(secret: &[u8]) -> anyhow::Result<()> {
    // ruleid: rust.secrets.hardcoded-key
    let a = EncodingKey::from_secret(b"super-secret-signing-key");
    // ruleid: rust.secrets.hardcoded-key
    let b = Hmac::<Sha256>::new_from_slice(b"0123456789abcdef")?;
    // ok: rust.secrets.hardcoded-key
    let c = DecodingKey::from_secret(secret);
    // ok: rust.secrets.hardcoded-key
    let d = Hmac::<Sha256>::new_from_slice(secret)?;
    // ok: rust.secrets.hardcoded-key
    let e = Box::new("bar".to_string());
    let _ = (a, b, c, d);
    Ok(())
}
