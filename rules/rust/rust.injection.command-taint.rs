use std::collections::HashMap;
use std::io::{self, BufRead};
use std::process::Command;

use actix_web::{web, HttpRequest, HttpResponse};
use axum::extract::Query;

const DEBUG: bool = false;

struct Job {
    script: String,
    name: String,
}

fn direct(req: &HttpRequest) {
    // ruleid: rust.injection.command-taint
    Command::new(req.query_string().to_string()).status().unwrap();
}

fn through_variables(req: &HttpRequest) {
    let tool = req.query_string().to_string();
    let program = tool.trim().to_string();
    let p = &program;
    // ruleid: rust.injection.command-taint
    Command::new(p).status().unwrap();
}

fn shell_script() {
    let mut line = String::new();
    io::stdin().read_line(&mut line).unwrap();
    // ruleid: rust.injection.command-taint
    Command::new("sh").arg("-c").arg(line).output().unwrap();
}

fn concatenation(req: &HttpRequest) {
    let dir = req.query_string().to_string();
    let script = "ls -la ".to_string() + &dir;
    // ruleid: rust.injection.command-taint
    Command::new("sh").arg("-c").arg(script).output().unwrap();
}

fn format_macro(req: &HttpRequest) {
    let dir = req.query_string().to_string();
    let script = format!("ls -la {}", dir);
    // ruleid: rust.injection.command-taint
    Command::new("sh").arg("-c").arg(script).output().unwrap();
}

async fn actix_handler(req: HttpRequest) -> HttpResponse {
    let q = req.query_string();
    // ruleid: rust.injection.command-taint
    Command::new("sh").arg("-c").arg(q).output().unwrap();
    HttpResponse::Ok().finish()
}

async fn axum_handler(Query(params): Query<HashMap<String, String>>) -> String {
    let host = params.get("host").cloned().unwrap_or_default();
    // todoruleid: rust.injection.command-taint
    Command::new(host).output().unwrap();
    String::new()
}

fn through_field(req: &HttpRequest) {
    let mut job = Job { script: String::new(), name: "backup".to_string() };
    job.script = req.query_string().to_string();
    // ruleid: rust.injection.command-taint
    Command::new(&job.script).status().unwrap();
    // ok: rust.injection.command-taint
    Command::new(&job.name).status().unwrap();
}

fn through_vec(req: &HttpRequest) {
    let mut programs: Vec<String> = Vec::new();
    programs.push(req.query_string().to_string());
    // ruleid: rust.injection.command-taint
    Command::new(&programs[0]).status().unwrap();
}

fn through_args(req: &HttpRequest) {
    let args: Vec<String> = req.query_string().split('&').map(String::from).collect();
    // ruleid: rust.injection.command-taint
    Command::new(&args[1]).status().unwrap();
}

fn through_loop(req: &HttpRequest) {
    for a in req.query_string().split('&').skip(1) {
        // todoruleid: rust.injection.command-taint
        Command::new(a).status().unwrap();
    }
}

fn through_map(req: &HttpRequest) {
    let mut m: HashMap<&str, String> = HashMap::new();
    m.insert("tool", req.query_string().to_string());
    // ruleid: rust.injection.command-taint
    Command::new(m.get("tool").unwrap()).status().unwrap();
}

fn argument_only(req: &HttpRequest) {
    let host = req.query_string().to_string();
    // ok: rust.injection.command-taint
    Command::new("ping").arg("-c").arg("1").arg(host).status().unwrap();
}

fn sanitized(req: &HttpRequest) {
    let n = req.query_string().to_string().parse::<u32>().unwrap();
    let script = "ping -c ".to_string() + &n.to_string();
    // ok: rust.injection.command-taint
    Command::new("sh").arg("-c").arg(script).status().unwrap();
}

fn dead_branch(req: &HttpRequest) {
    let mut tool = "uptime".to_string();
    if false {
        tool = req.query_string().to_string();
    }
    // todook: rust.injection.command-taint
    Command::new(tool).status().unwrap();
}

fn dead_branch_const(req: &HttpRequest) {
    let mut tool = "uptime".to_string();
    if DEBUG {
        tool = req.query_string().to_string();
    }
    // todook: rust.injection.command-taint
    Command::new(tool).status().unwrap();
}

fn overwritten(req: &HttpRequest) {
    let mut tool = req.query_string().to_string();
    tool = "uptime".to_string();
    // ok: rust.injection.command-taint
    Command::new(tool).status().unwrap();
}

fn identity(s: String) -> String {
    s
}

fn through_helper(req: &HttpRequest) {
    let t = identity(req.query_string().to_string());
    // ruleid: rust.injection.command-taint
    Command::new(t).status().unwrap();
}

fn identity_explicit(s: String) -> String {
    return s;
}

fn through_explicit_helper(req: &HttpRequest) {
    let t = identity_explicit(req.query_string().to_string());
    // ruleid: rust.injection.command-taint
    Command::new(t).status().unwrap();
}

fn through_loop_variable(req: &HttpRequest) {
    let args: Vec<String> = req.query_string().split('&').map(String::from).collect();
    for a in args {
        // todoruleid: rust.injection.command-taint
        Command::new(a).status().unwrap();
    }
}

fn run_shell(script: &str) {
    // ruleid: rust.injection.command-taint
    Command::new("sh").arg("-c").arg(script).status().unwrap();
}

fn calls_sink(req: &HttpRequest) {
    let v = req.query_string().to_string();
    run_shell(&v);
}

fn retry(program: &str, n: u32) {
    if n == 0 {
        // ruleid: rust.injection.command-taint
        Command::new(program).status().unwrap();
        return;
    }
    retry(program, n - 1);
}

fn starts_recursion(req: &HttpRequest) {
    let p = req.query_string().to_string();
    retry(&p, 3);
}
