function transfer(conn, amount) {
  // ruleid: conformance.javascript.ellipsis-stmts-begin-commit
  conn.begin();
  conn.debit(amount);
  conn.credit(amount);
  conn.commit();
}

function reversed(conn) {
  conn.commit();
  // ok: conformance.javascript.ellipsis-stmts-begin-commit
  conn.begin();
}

function mixed(a, b) {
  // ok: conformance.javascript.ellipsis-stmts-begin-commit
  a.begin();
  b.commit();
}

function direct(tx) {
  // ruleid: conformance.javascript.ellipsis-stmts-begin-commit
  tx.begin();
  tx.commit();
}
