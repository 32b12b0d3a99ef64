use std::process::Command;

fn build(user: &str) {
    let mut c = Command::new("ls");
    // ruleid: conformance.rust.ellipsis-args-leading-mv
    c.arg(user);
    // ruleid: conformance.rust.ellipsis-args-leading-mv
    c.arg("-l");
    // ok: conformance.rust.ellipsis-args-leading-mv
    c.args(["-l", user]);
    // ok: conformance.rust.ellipsis-args-leading-mv
    c.env_clear();
}

fn main() {}
