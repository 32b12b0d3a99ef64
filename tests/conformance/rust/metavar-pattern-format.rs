struct Db;

impl Db {
    fn execute(&self, _q: &str, _p: ()) {}
}

fn q(db: &Db, id: &str, sql: &str) {
    // ruleid: conformance.rust.metavar-pattern-format
    db.execute(&format!("DELETE FROM t WHERE id = {}", id), ());
    // ruleid: conformance.rust.metavar-pattern-format
    db.execute(&format!("SELECT {}", sql), ());
    // ok: conformance.rust.metavar-pattern-format
    db.execute(sql, ());
    // ok: conformance.rust.metavar-pattern-format
    db.execute("SELECT 1", ());
}

fn main() {}
