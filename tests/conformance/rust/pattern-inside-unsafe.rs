fn f(p: *const u32, q: *const u32) -> u32 {
    let a = unsafe {
        // ruleid: conformance.rust.pattern-inside-unsafe
        std::ptr::read(p)
    };
    let b = unsafe {
        let t = 1;
        // ruleid: conformance.rust.pattern-inside-unsafe
        std::ptr::read(q) + t
    };
    // ok: conformance.rust.pattern-inside-unsafe
    let c = std::ptr::null::<u32>();
    drop(c);
    let d = unsafe {
        // ok: conformance.rust.pattern-inside-unsafe
        std::ptr::read_volatile(p)
    };
    drop(d);
    a + b
}

fn main() {}
