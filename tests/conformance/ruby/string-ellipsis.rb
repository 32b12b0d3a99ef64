def q(db, sql, id)
  # ruleid: conformance.ruby.string-ellipsis
  db.execute("SELECT * FROM users")
  # ruleid: conformance.ruby.string-ellipsis
  db.execute('DELETE FROM t')
  # ok: conformance.ruby.string-ellipsis
  db.execute(sql)
  # ok: conformance.ruby.string-ellipsis
  db.execute("SELECT * FROM t WHERE id = " + id)
end
