import sqlite3


def find(conn, name, uid, table):
    cur = conn.cursor()
    # ruleid: python.injection.sql-string-building
    cur.execute("SELECT * FROM users WHERE name = '%s'" % name)
    # ruleid: python.injection.sql-string-building
    cur.execute(f"SELECT * FROM users WHERE id = {uid}")
    # ruleid: python.injection.sql-string-building
    cur.execute("DELETE FROM users WHERE id = " + uid)
    # ruleid: python.injection.sql-string-building
    cur.execute("SELECT * FROM {} LIMIT 1".format(table))
    # ruleid: python.injection.sql-string-building
    User.objects.raw("SELECT * FROM auth_user WHERE username = '%s'" % name)
    return cur.fetchall()


def via_variable(conn, name):
    cur = conn.cursor()
    sql = "SELECT * FROM users WHERE name = '{}'".format(name)
    # ruleid: python.injection.sql-string-building
    cur.execute(sql)
    query = f"DELETE FROM sessions WHERE user = '{name}'"
    # ruleid: python.injection.sql-string-building
    cur.executescript(query)


def safe(conn, name):
    cur = conn.cursor()
    fixed = "SELECT * FROM users WHERE name = %s"
    # ok: python.injection.sql-string-building
    cur.execute(fixed, (name,))
    # ok: python.injection.sql-string-building
    cur.execute("SELECT * FROM users WHERE name = %s", (name,))
    # ok: python.injection.sql-string-building
    cur.execute("SELECT * FROM users WHERE name = ?", [name])
    # ok: python.injection.sql-string-building
    cur.execute("SELECT id, name " + "FROM users")
    # ok: python.injection.sql-string-building
    cur.execute(f"SELECT 1")
    # ok: python.injection.sql-string-building
    printer.text("<Result " + name + ">")
    return cur.fetchall()
