use openssl::symm::Cipher;

fn ciphers(key: &[u8]) {
    // ruleid: rust.crypto.weak-cipher
    let a = Cipher::des_ede3_cbc();
    // ruleid: rust.crypto.weak-cipher
    let b = Cipher::aes_128_ecb();
    // ruleid: rust.crypto.weak-cipher
    let c = Rc4::new_from_slice(key);
    // ok: rust.crypto.weak-cipher
    let d = Cipher::aes_256_gcm();
    // ok: rust.crypto.weak-cipher
    let e = Aes256Gcm::new_from_slice(key);
    let _ = (a, b, c, d, e);
}
