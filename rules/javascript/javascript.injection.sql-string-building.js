async function find(pool, db, email, id) {
  // ruleid: javascript.injection.sql-string-building
  await pool.query(`SELECT * FROM users WHERE email = '${email}'`);
  // ruleid: javascript.injection.sql-string-building
  await db.all("SELECT * FROM users WHERE id = " + id);
  // ruleid: javascript.injection.sql-string-building
  await db.connection.execute("DELETE FROM sessions WHERE user = '" + id + "'");
}

async function safe(pool, db, email, items) {
  // ok: javascript.injection.sql-string-building
  await pool.query("SELECT * FROM users WHERE email = $1", [email]);
  // ok: javascript.injection.sql-string-building
  await db.all(`SELECT id, name FROM users`);
  // ok: javascript.injection.sql-string-building
  await db.all("SELECT id, name " + "FROM users");
  // ok: javascript.injection.sql-string-building
  items.get("a" + email);
}
