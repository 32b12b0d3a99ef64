struct B;

impl B {
    fn danger_accept_invalid_certs(self, _v: bool) -> B {
        self
    }
}

fn f(b: B, c: B, d: B) {
    // ruleid: conformance.rust.focus-mv-arg
    b.danger_accept_invalid_certs(true);
    // ok: conformance.rust.focus-mv-arg
    c.danger_accept_invalid_certs(
        // ruleid: conformance.rust.focus-mv-arg
        true,
    );
    // ok: conformance.rust.focus-mv-arg
    d.danger_accept_invalid_certs(false);
}

fn main() {}
