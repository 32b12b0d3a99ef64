use axum::extract::Query;
use axum::response::Html;

async fn hello(Query(p): Query<Params>) -> Html<String> {
    // ruleid: rust.xss.html-format
    Html(format!("<h1>Hello {}</h1>", p.name))
}

async fn actix(name: String) -> actix_web::HttpResponse {
    // ruleid: rust.xss.html-format
    actix_web::HttpResponse::Ok().content_type("text/html").body(format!("<p>{}</p>", name))
}

async fn fixed() -> Html<&'static str> {
    // ok: rust.xss.html-format
    Html("<h1>Hello</h1>")
}

async fn plain(name: String) -> String {
    // ok: rust.xss.html-format
    format!("Hello {}", name)
}
