struct P {
    id: u32,
}

fn cmp(a: u32, b: u32, p: &P, q: &P) -> bool {
    // ruleid: conformance.rust.metavar-repeat-eq
    let s1 = a == a;
    // ruleid: conformance.rust.metavar-repeat-eq
    let s2 = p.id == p.id;
    // ok: conformance.rust.metavar-repeat-eq
    let d1 = p.id == q.id;
    // ok: conformance.rust.metavar-repeat-eq
    let d2 = a == b;
    // ok: conformance.rust.metavar-repeat-eq
    let d3 = a != a;
    s1 && s2 && d1 && d2 && d3
}

fn main() {}
