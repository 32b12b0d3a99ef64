use std::time::Duration;

fn waits(n: u64) -> Vec<Duration> {
    // ruleid: conformance.rust.metavar-comparison-sleep
    let a = Duration::from_secs(61);
    // ruleid: conformance.rust.metavar-comparison-sleep
    let b = Duration::from_secs(3600);
    // ok: conformance.rust.metavar-comparison-sleep
    let c = Duration::from_secs(60);
    // ok: conformance.rust.metavar-comparison-sleep
    let d = Duration::from_secs(n);
    // ok: conformance.rust.metavar-comparison-sleep
    let e = Duration::from_millis(90000);
    vec![a, b, c, d, e]
}

fn main() {}
