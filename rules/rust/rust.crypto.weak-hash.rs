use md5::{Digest, Md5};
use sha1::Sha1;
use sha2::Sha256;

fn digests(password: &str, data: &[u8]) {
    // ruleid: rust.crypto.weak-hash
    let a = md5::compute(password.as_bytes());
    // ruleid: rust.crypto.weak-hash
    let mut b = Sha1::new();
    b.update(data);
    // ruleid: rust.crypto.weak-hash
    let c = Md5::digest(data);
    // ok: rust.crypto.weak-hash
    let d = Sha256::digest(data);
    // ok: rust.crypto.weak-hash
    let mut e = Sha256::new();
    e.update(data);
    let _ = (a, b, c, d, e);
}
