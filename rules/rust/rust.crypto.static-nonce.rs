use aes_gcm::aead::{Aead, AeadCore, OsRng};
use aes_gcm::{Aes256Gcm, Nonce};

fn seal(cipher: &Aes256Gcm, data: &[u8]) -> Vec<u8> {
    // ruleid: rust.crypto.static-nonce
    let nonce = Nonce::from_slice(b"unique nonce");
    // ruleid: rust.crypto.static-nonce
    let zero = Nonce::from_slice(&[0u8; 12]);
    // ok: rust.crypto.static-nonce
    let fresh = Aes256Gcm::generate_nonce(&mut OsRng);
    // ok: rust.crypto.static-nonce
    let from_msg = Nonce::from_slice(&data[..12]);
    let _ = (zero, from_msg);
    let mut out = cipher.encrypt(nonce, data).unwrap();
    out.extend(cipher.encrypt(&fresh, data).unwrap());
    out
}
