function list(db, sql, id) {
  // ruleid: conformance.javascript.string-ellipsis
  db.query("SELECT * FROM users");
  // ruleid: conformance.javascript.string-ellipsis
  db.query('DELETE FROM t');
  // ok: conformance.javascript.string-ellipsis
  db.query(sql);
  // ok: conformance.javascript.string-ellipsis
  db.query("SELECT * FROM t WHERE id = " + id);
  // ok: conformance.javascript.string-ellipsis
  db.query("SELECT 1", [id]);
}
