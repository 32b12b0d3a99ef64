use openssl::rsa::{Padding, Rsa};
use rsa::{Oaep, Pkcs1v15Encrypt, RsaPrivateKey, RsaPublicKey};

fn enc(pk: &RsaPublicKey, sk: &RsaPrivateKey, data: &[u8], rng: &mut rand::rngs::OsRng) -> anyhow::Result<()> {
    // ruleid: rust.crypto.rsa-pkcs1v15-encryption
    let a = pk.encrypt(rng, Pkcs1v15Encrypt, data)?;
    // ruleid: rust.crypto.rsa-pkcs1v15-encryption
    let b = sk.decrypt(Pkcs1v15Encrypt, &a)?;
    // ok: rust.crypto.rsa-pkcs1v15-encryption
    let c = pk.encrypt(rng, Oaep::new::<sha2::Sha256>(), data)?;
    let ossl = Rsa::generate(2048)?;
    let mut out = vec![0u8; 256];
    // ruleid: rust.crypto.rsa-pkcs1v15-encryption
    ossl.public_encrypt(data, &mut out, Padding::PKCS1)?;
    // ok: rust.crypto.rsa-pkcs1v15-encryption
    ossl.public_encrypt(data, &mut out, Padding::PKCS1_OAEP)?;
    let _ = (b, c);
    Ok(())
}
