use openssl::rsa::Rsa;
use rsa::RsaPrivateKey;

fn keys(rng: &mut rand::rngs::OsRng) -> anyhow::Result<()> {
    // ruleid: rust.crypto.weak-rsa-key-size
    let a = RsaPrivateKey::new(rng, 1024)?;
    // ruleid: rust.crypto.weak-rsa-key-size
    let b = Rsa::generate(512)?;
    // ok: rust.crypto.weak-rsa-key-size
    let c = RsaPrivateKey::new(rng, 3072)?;
    // ok: rust.crypto.weak-rsa-key-size
    let d = Rsa::generate(2048)?;
    let _ = (a, b, c, d);
    Ok(())
}
