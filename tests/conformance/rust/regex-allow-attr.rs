// ruleid: conformance.rust.regex-allow-attr
#[allow(dead_code)]
fn a() {}

// ruleid: conformance.rust.regex-allow-attr
#[allow(unused_variables)]
fn b() {}

// ok: conformance.rust.regex-allow-attr
#[allow(clippy::needless_return)]
fn c() {}

// ok: conformance.rust.regex-allow-attr
#[inline]
fn d() {}

fn main() {}
