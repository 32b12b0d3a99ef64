def q(model, conn, sql)
  # ruleid: conformance.ruby.metavar-regex-method
  model.find_by_sql(sql)
  # ruleid: conformance.ruby.metavar-regex-method
  conn.exec_query(sql)
  # ok: conformance.ruby.metavar-regex-method
  model.find_by(sql)
  # ok: conformance.ruby.metavar-regex-method
  conn.exec_query_now(sql)
end
