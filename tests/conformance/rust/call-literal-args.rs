use std::process::Command;

fn run(prog: &str) {
    // ruleid: conformance.rust.call-literal-args
    let a = Command::new("sh");
    // ok: conformance.rust.call-literal-args
    let b = Command::new("ls");
    // ok: conformance.rust.call-literal-args
    let c = Command::new(prog);
    // ruleid: conformance.rust.call-literal-args
    let d = Command::new(
        "sh",
    );
    drop((a, b, c, d));
}

fn main() {}
