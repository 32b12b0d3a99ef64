fn f(v: Vec<u8>, n: u32) -> f32 {
    // ruleid: conformance.rust.either-nested-patterns
    std::mem::forget(v);
    // ok: conformance.rust.either-nested-patterns
    std::mem::forget(());
    // ok: conformance.rust.either-nested-patterns
    let s = std::mem::size_of::<u32>();
    drop(s);
    // ruleid: conformance.rust.either-nested-patterns
    unsafe { std::mem::transmute(n) }
}

fn main() {}
