use std::collections::HashMap;
use std::env;
use std::io::{self, BufRead};
use std::process::Command;

use actix_web::{web, HttpRequest, HttpResponse};
use axum::extract::Query;

const DEBUG: bool = false;

struct Job {
    script: String,
    name: String,
}

fn direct() {
    // ok: rust.injection.command-taint
    Command::new(env::var("TOOL").unwrap()).status().unwrap();
}

fn through_variables() {
    let tool = std::env::var("TOOL").unwrap();
    let program = tool.trim().to_string();
    let p = &program;
    // ok: rust.injection.command-taint
    Command::new(p).status().unwrap();
}

fn shell_script() {
    let mut line = String::new();
    io::stdin().read_line(&mut line).unwrap();
    // ruleid: rust.injection.command-taint
    Command::new("sh").arg("-c").arg(line).output().unwrap();
}

fn concatenation() {
    let dir = env::var("DIR").unwrap();
    let script = "ls -la ".to_string() + &dir;
    // ok: rust.injection.command-taint
    Command::new("sh").arg("-c").arg(script).output().unwrap();
}

fn format_macro() {
    let dir = env::var("DIR").unwrap();
    let script = format!("ls -la {}", dir);
    // ok: rust.injection.command-taint
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

fn through_field() {
    let mut job = Job { script: String::new(), name: "backup".to_string() };
    job.script = env::var("BACKUP_SCRIPT").unwrap();
    // ok: rust.injection.command-taint
    Command::new(&job.script).status().unwrap();
    // ok: rust.injection.command-taint
    Command::new(&job.name).status().unwrap();
}

fn through_vec() {
    let mut programs: Vec<String> = Vec::new();
    programs.push(env::var("PROGRAM").unwrap());
    // ok: rust.injection.command-taint
    Command::new(&programs[0]).status().unwrap();
}

fn through_args() {
    let args: Vec<String> = env::args().collect();
    // ok: rust.injection.command-taint
    Command::new(&args[1]).status().unwrap();
}

fn through_loop() {
    for a in env::args().skip(1) {
        // todoruleid: rust.injection.command-taint
        Command::new(a).status().unwrap();
    }
}

fn through_map() {
    let mut m: HashMap<&str, String> = HashMap::new();
    m.insert("tool", env::var("TOOL").unwrap());
    // ok: rust.injection.command-taint
    Command::new(m.get("tool").unwrap()).status().unwrap();
}

fn argument_only() {
    let host = env::var("HOST").unwrap();
    // ok: rust.injection.command-taint
    Command::new("ping").arg("-c").arg("1").arg(host).status().unwrap();
}

fn sanitized() {
    let n = env::var("COUNT").unwrap().parse::<u32>().unwrap();
    let script = "ping -c ".to_string() + &n.to_string();
    // ok: rust.injection.command-taint
    Command::new("sh").arg("-c").arg(script).status().unwrap();
}

fn dead_branch() {
    let mut tool = "uptime".to_string();
    if false {
        tool = env::var("TOOL").unwrap();
    }
    // todook: rust.injection.command-taint
    Command::new(tool).status().unwrap();
}

fn dead_branch_const() {
    let mut tool = "uptime".to_string();
    if DEBUG {
        tool = env::var("TOOL").unwrap();
    }
    // todook: rust.injection.command-taint
    Command::new(tool).status().unwrap();
}

fn overwritten() {
    let mut tool = env::var("TOOL").unwrap();
    tool = "uptime".to_string();
    // ok: rust.injection.command-taint
    Command::new(tool).status().unwrap();
}

fn identity(s: String) -> String {
    s
}

fn through_helper() {
    let t = identity(env::var("TOOL").unwrap());
    // ok: rust.injection.command-taint
    Command::new(t).status().unwrap();
}

fn identity_explicit(s: String) -> String {
    return s;
}

fn through_explicit_helper() {
    let t = identity_explicit(env::var("TOOL").unwrap());
    // ok: rust.injection.command-taint
    Command::new(t).status().unwrap();
}

fn through_loop_variable() {
    let args: Vec<String> = env::args().collect();
    for a in args {
        // todoruleid: rust.injection.command-taint
        Command::new(a).status().unwrap();
    }
}

fn run_shell(script: &str) {
    // ok: rust.injection.command-taint
    Command::new("sh").arg("-c").arg(script).status().unwrap();
}

fn calls_sink() {
    let v = env::var("SCRIPT").unwrap();
    run_shell(&v);
}

fn retry(program: &str, n: u32) {
    if n == 0 {
        // ok: rust.injection.command-taint
        Command::new(program).status().unwrap();
        return;
    }
    retry(program, n - 1);
}

fn starts_recursion() {
    let p = env::var("PROGRAM").unwrap();
    retry(&p, 3);
}
