def query(cursor, sql, name):
    # ruleid: conformance.python.string-ellipsis
    cursor.execute("SELECT 1")
    # ruleid: conformance.python.string-ellipsis
    cursor.execute('DELETE FROM t')
    # ruleid: conformance.python.string-ellipsis
    cursor.execute("")
    # ok: conformance.python.string-ellipsis
    cursor.execute(sql)
    # ok: conformance.python.string-ellipsis
    cursor.execute("SELECT * FROM t WHERE n = %s" % name)
    # ok: conformance.python.string-ellipsis
    cursor.execute("SELECT 1", (name,))
