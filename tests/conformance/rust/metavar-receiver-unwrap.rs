fn get(v: Option<u32>, r: Result<u32, String>) -> u32 {
    // ruleid: conformance.rust.metavar-receiver-unwrap
    let a = v.unwrap();
    // ruleid: conformance.rust.metavar-receiver-unwrap
    let b = r.clone().unwrap();
    // ok: conformance.rust.metavar-receiver-unwrap
    let c = v.unwrap_or(0);
    // ok: conformance.rust.metavar-receiver-unwrap
    let d = r.expect("boom");
    a + b + c + d
}

fn main() {}
