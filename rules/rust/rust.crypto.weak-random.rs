use rand::rngs::{OsRng, SmallRng, StdRng};
use rand::{Rng, RngCore, SeedableRng};

fn tokens() -> (u128, u64, u32, [u8; 32]) {
    // ruleid: rust.crypto.weak-random
    let mut a = StdRng::seed_from_u64(42);
    // ruleid: rust.crypto.weak-random
    let mut b = SmallRng::from_entropy();
    // ruleid: rust.crypto.weak-random
    let c = fastrand::u32(..);
    let mut key = [0u8; 32];
    // ok: rust.crypto.weak-random
    OsRng.fill_bytes(&mut key);
    // ok: rust.crypto.weak-random
    let mut d = StdRng::from_entropy();
    let _ = d.gen::<u8>();
    (a.gen(), b.gen(), c, key)
}
