use actix_files::NamedFile;
use actix_web::HttpRequest;
use std::path::Path;

async fn file(req: HttpRequest) -> std::io::Result<NamedFile> {
    // ruleid: rust.path-traversal.request-path-in-fs
    NamedFile::open(format!("static/{}", req.match_info().query("file")))
}

async fn raw(req: HttpRequest) -> std::io::Result<String> {
    // ruleid: rust.path-traversal.request-path-in-fs
    std::fs::read_to_string(Path::new("data").join(req.match_info().get("name").unwrap()))
}

async fn safe(req: HttpRequest) -> std::io::Result<NamedFile> {
    // ok: rust.path-traversal.request-path-in-fs
    let index = std::fs::read_to_string("static/index.html")?;
    let _ = index;
    // ok: rust.path-traversal.request-path-in-fs
    NamedFile::open(Path::new("static").join(Path::new(req.match_info().query("file")).file_name().unwrap()))
}
