use cookie::{Cookie, SameSite};

fn cookies(id: String) {
    // ruleid: rust.cookies.insecure-cookie
    let a = Cookie::build(("session", id.clone())).secure(false).http_only(true);
    let mut b = Cookie::new("remember", id.clone());
    // ruleid: rust.cookies.insecure-cookie
    b.set_http_only(false);
    // ok: rust.cookies.insecure-cookie
    let c = Cookie::build(("session", id)).secure(true).http_only(true).same_site(SameSite::Lax);
    // ok: rust.cookies.insecure-cookie
    b.set_secure(true);
    let _ = (a, b, c);
}
