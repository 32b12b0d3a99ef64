fn f(v: Option<u32>, r: Result<u32, ()>) -> u32 {
    // ruleid: conformance.rust.metavar-regex-method
    let a = v.unwrap();
    // ruleid: conformance.rust.metavar-regex-method
    let b = r.expect("x");
    // ok: conformance.rust.metavar-regex-method
    let c = v.unwrap_or(1);
    // ok: conformance.rust.metavar-regex-method
    let d = r.unwrap_or_else(|_| 2);
    a + b + c + d
}

fn main() {}
