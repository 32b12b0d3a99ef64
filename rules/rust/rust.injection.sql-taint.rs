use std::collections::HashMap;
use std::env;
use std::io;

use actix_web::{HttpRequest, HttpResponse};
use rusqlite::{params, Connection};
use sqlx::PgPool;

struct Filter {
    column: String,
    direction: String,
}

fn direct(conn: &Connection) {
    // ok: rust.injection.sql-taint
    conn.execute_batch(&env::var("MIGRATION").unwrap()).unwrap();
}

fn concatenation(conn: &Connection) {
    let name = env::var("USER_NAME").unwrap();
    let sql = "SELECT * FROM users WHERE name = '".to_string() + &name + "'";
    // ok: rust.injection.sql-taint
    conn.prepare(&sql).unwrap();
}

fn format_macro(conn: &Connection) {
    let name = env::var("USER_NAME").unwrap();
    let sql = format!("DELETE FROM users WHERE name = '{}'", name);
    // ok: rust.injection.sql-taint
    conn.execute(&sql, []).unwrap();
}

async fn sqlx_handler(pool: &PgPool, req: HttpRequest) -> HttpResponse {
    let q = req.query_string();
    let sql = "SELECT * FROM items WHERE ".to_string() + q;
    // ruleid: rust.injection.sql-taint
    sqlx::query(&sql).fetch_all(pool).await.unwrap();
    HttpResponse::Ok().finish()
}

fn from_stdin(conn: &Connection) {
    let mut line = String::new();
    io::stdin().read_line(&mut line).unwrap();
    // ruleid: rust.injection.sql-taint
    conn.query_row(&line, [], |r| r.get::<_, i64>(0)).unwrap();
}

fn through_field(conn: &Connection) {
    let mut f = Filter { column: "id".to_string(), direction: "ASC".to_string() };
    f.column = env::var("SORT").unwrap();
    // ok: rust.injection.sql-taint
    conn.execute_batch(&("SELECT * FROM t ORDER BY ".to_string() + &f.column)).unwrap();
    // ok: rust.injection.sql-taint
    conn.execute_batch(&("SELECT * FROM t ORDER BY id ".to_string() + &f.direction)).unwrap();
}

fn through_vec(conn: &Connection) {
    let args: Vec<String> = env::args().collect();
    let table = args[1].clone();
    // ok: rust.injection.sql-taint
    conn.execute_batch(&("DROP TABLE ".to_string() + &table)).unwrap();
}

fn through_map(conn: &Connection) {
    let mut m: HashMap<&str, String> = HashMap::new();
    m.insert("where", env::var("WHERE").unwrap());
    let w = m.get("where").unwrap();
    // ok: rust.injection.sql-taint
    conn.prepare(&("SELECT * FROM t WHERE ".to_string() + w)).unwrap();
}

fn parameterised(conn: &Connection) {
    let name = env::var("USER_NAME").unwrap();
    // ok: rust.injection.sql-taint
    conn.execute("DELETE FROM users WHERE name = ?1", params![name]).unwrap();
}

fn sanitized(conn: &Connection) {
    let id = env::var("ID").unwrap().parse::<i64>().unwrap();
    let sql = "SELECT * FROM users WHERE id = ".to_string() + &id.to_string();
    // ok: rust.injection.sql-taint
    conn.prepare(&sql).unwrap();
}

fn overwritten(conn: &Connection) {
    let mut table = env::var("TABLE").unwrap();
    table = "users".to_string();
    // ok: rust.injection.sql-taint
    conn.prepare(&("SELECT * FROM ".to_string() + &table)).unwrap();
}

fn run_query(conn: &Connection, sql: &str) {
    // ok: rust.injection.sql-taint
    conn.execute_batch(sql).unwrap();
}

fn calls_sink(conn: &Connection) {
    let v = env::var("SQL").unwrap();
    run_query(conn, &v);
}

fn build(conn: &Connection, cols: &str, n: u32) {
    if n == 0 {
        let sql = "SELECT ".to_string() + cols + " FROM t";
        // ok: rust.injection.sql-taint
        conn.prepare(&sql).unwrap();
        return;
    }
    build(conn, cols, n - 1);
}

fn starts_recursion(conn: &Connection) {
    let c = env::var("COLS").unwrap();
    build(conn, &c, 2);
}
