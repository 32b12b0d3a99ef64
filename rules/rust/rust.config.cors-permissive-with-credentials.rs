use actix_cors::Cors;
use tower_http::cors::{Any, CorsLayer};

fn layers() {
    // ruleid: rust.config.cors-permissive-with-credentials
    let a = CorsLayer::very_permissive();
    // ruleid: rust.config.cors-permissive-with-credentials
    let b = Cors::permissive();
    // ruleid: rust.config.cors-permissive-with-credentials
    let c = Cors::default().allow_any_origin().supports_credentials();
    // ok: rust.config.cors-permissive-with-credentials
    let d = CorsLayer::new().allow_origin(Any);
    // ok: rust.config.cors-permissive-with-credentials
    let e = Cors::default().allowed_origin("https://app.example.com").supports_credentials();
    let _ = (a, b, c, d, e);
}
