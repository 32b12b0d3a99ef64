interface Db { raw(q: string, ...a: unknown[]): void; }

function q(db: Db, sql: string, id: number): void {
  // ruleid: conformance.typescript.string-ellipsis
  db.raw("SELECT * FROM users");
  // ruleid: conformance.typescript.string-ellipsis
  db.raw('DELETE FROM t');
  // ok: conformance.typescript.string-ellipsis
  db.raw(sql);
  // ok: conformance.typescript.string-ellipsis
  db.raw("SELECT * FROM t WHERE id = " + id);
  // ok: conformance.typescript.string-ellipsis
  db.raw("SELECT ?", id);
}
