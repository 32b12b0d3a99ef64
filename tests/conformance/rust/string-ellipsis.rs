struct Db;

impl Db {
    fn execute(&self, _q: &str, _p: ()) {}
}

fn q(db: &Db, sql: &str, id: &str) {
    // ruleid: conformance.rust.string-ellipsis
    db.execute("DELETE FROM users", ());
    // ruleid: conformance.rust.string-ellipsis
    db.execute("", ());
    // ok: conformance.rust.string-ellipsis
    db.execute(sql, ());
    // ok: conformance.rust.string-ellipsis
    db.execute(&format!("SELECT {}", id), ());
}

fn main() {}
