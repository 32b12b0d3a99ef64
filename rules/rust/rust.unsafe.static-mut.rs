use std::sync::atomic::{AtomicU64, Ordering};

// ruleid: rust.unsafe.static-mut
static mut COUNTER: u64 = 0;
// ruleid: rust.unsafe.static-mut
pub static mut CONFIG: Option<String> = None;
// ok: rust.unsafe.static-mut
static SAFE_COUNTER: AtomicU64 = AtomicU64::new(0);

fn bump() {
    // ok: rust.unsafe.static-mut
    let mut local = 0;
    local += 1;
    SAFE_COUNTER.fetch_add(local, Ordering::Relaxed);
}
