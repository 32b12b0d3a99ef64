use std::env;
use std::fs::{self, File};
use std::io;
use std::path::Path;

use actix_web::{HttpRequest, HttpResponse};

struct Upload {
    dest: String,
    src: String,
}

fn direct() {
    // ok: rust.path-traversal.file-taint
    fs::remove_dir_all(env::var("CACHE_DIR").unwrap()).unwrap();
}

fn joined() {
    let name = env::var("NAME").unwrap();
    let p = Path::new("/srv/files").join(&name);
    // ok: rust.path-traversal.file-taint
    fs::read_to_string(&p).unwrap();
}

async fn actix_handler(req: HttpRequest) -> HttpResponse {
    let name = req.match_info().get("name").unwrap_or("index.html");
    let full = "/srv/files/".to_string() + name;
    // ruleid: rust.path-traversal.file-taint
    let body = fs::read(&full).unwrap();
    HttpResponse::Ok().body(body)
}

fn from_stdin() {
    let mut line = String::new();
    io::stdin().read_line(&mut line).unwrap();
    // ruleid: rust.path-traversal.file-taint
    File::create(line.trim()).unwrap();
}

fn through_field() {
    let mut u = Upload { dest: String::new(), src: "/tmp/upload.bin".to_string() };
    u.dest = env::var("DEST").unwrap();
    // ok: rust.path-traversal.file-taint
    fs::copy(&u.src, &u.dest).unwrap();
    // ok: rust.path-traversal.file-taint
    fs::copy(&u.src, "/srv/archive/upload.bin").unwrap();
}

fn through_vec() {
    let args: Vec<String> = env::args().collect();
    // ok: rust.path-traversal.file-taint
    fs::remove_file(&args[1]).unwrap();
}

fn file_name_only() {
    let raw = env::var("NAME").unwrap();
    let name = Path::new(&raw).file_name().unwrap();
    // ok: rust.path-traversal.file-taint
    File::open(Path::new("/srv/files").join(name)).unwrap();
}

fn overwritten() {
    let mut name = env::var("NAME").unwrap();
    name = "index.html".to_string();
    // ok: rust.path-traversal.file-taint
    File::open(name).unwrap();
}

fn load(path: &str) -> String {
    // ok: rust.path-traversal.file-taint
    fs::read_to_string(path).unwrap()
}

fn calls_sink() {
    let doc = env::var("DOC").unwrap();
    load(&doc);
}

fn descend(dir: &str, depth: u32) {
    if depth == 0 {
        // ok: rust.path-traversal.file-taint
        fs::create_dir_all(dir).unwrap();
        return;
    }
    descend(dir, depth - 1);
}

fn starts_recursion() {
    let root = env::var("ROOT").unwrap();
    descend(&root, 2);
}

async fn request_path(req: HttpRequest) -> HttpResponse {
    let p = "/srv/static".to_string() + req.path();
    // ruleid: rust.path-traversal.file-taint
    let body = fs::read(&p).unwrap();
    HttpResponse::Ok().body(body)
}

fn temp_copy(tmp: &tempfile::NamedTempFile, dir: &tempfile::TempDir) {
    // ok: rust.path-traversal.file-taint
    let data = fs::read(tmp.path()).unwrap();
    let target = dir.path().join("copy");
    // ok: rust.path-traversal.file-taint
    fs::write(&target, data).unwrap();
}
