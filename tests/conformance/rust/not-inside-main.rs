fn helper(v: Option<u32>) -> u32 {
    // ruleid: conformance.rust.not-inside-main
    let a = v.unwrap();
    // ok: conformance.rust.not-inside-main
    let b = v.unwrap_or_default();
    // ruleid: conformance.rust.not-inside-main
    a + b + v.unwrap()
}

fn main() {
    // ok: conformance.rust.not-inside-main
    let x = Some(1).unwrap();
    // ok: conformance.rust.not-inside-main
    println!("{}", helper(Some(x)));
}
