import os
import sqlite3
import sys

from django.db.models.expressions import RawSQL
from fastapi import FastAPI, Request
from flask import request
from sqlalchemy import text

DEBUG = False
conn = sqlite3.connect("app.db")


def direct():
    cur = conn.cursor()
    # ruleid: python.injection.sql-taint
    cur.execute("SELECT * FROM users WHERE name = '" + request.args["name"] + "'")


def percent_format():
    name = request.form.get("name")
    query = "SELECT * FROM users WHERE name = '%s'" % name
    cur = conn.cursor()
    # ruleid: python.injection.sql-taint
    cur.execute(query)


def fstring():
    uid = sys.argv[1]
    # ok: python.injection.sql-taint
    conn.execute(f"DELETE FROM users WHERE id = {uid}")


def django_raw(req):
    order = req.GET["order"]
    # ruleid: python.injection.sql-taint
    User.objects.raw("SELECT * FROM auth_user ORDER BY " + order)


def django_rawsql(req):
    col = req.POST.get("col")
    # ruleid: python.injection.sql-taint
    return RawSQL("SELECT %s FROM t" % col, ())


async def fastapi_handler(req: Request):
    q = req.query_params["q"]
    # ruleid: python.injection.sql-taint
    stmt = text("SELECT * FROM items WHERE title LIKE '%" + q + "%'")
    # ruleid: python.injection.sql-taint
    engine.execute(stmt)


class Filter:
    pass


def through_field():
    f = Filter()
    f.column = os.environ.get("SORT")
    f.direction = "ASC"
    # ok: python.injection.sql-taint
    conn.execute("SELECT * FROM t ORDER BY {} ".format(f.column))
    # ok: python.injection.sql-taint
    conn.execute("SELECT * FROM t ORDER BY id " + f.direction)


def through_list():
    clauses = []
    for key in request.args.keys():
        clauses.append(key + " = 1")
    # ruleid: python.injection.sql-taint
    conn.execute("SELECT * FROM t WHERE " + " AND ".join(clauses))


def through_dict():
    params = {"table": "users"}
    params["where"] = request.values["where"]
    # ruleid: python.injection.sql-taint
    conn.execute("SELECT * FROM %(table)s WHERE %(where)s" % params)


def parameterised():
    name = request.args["name"]
    # ok: python.injection.sql-taint
    conn.execute("SELECT * FROM users WHERE name = ?", (name,))


def sanitized_int():
    uid = int(request.args["id"])
    # ok: python.injection.sql-taint
    conn.execute("SELECT * FROM users WHERE id = %d" % uid)


def dead_branch():
    table = "users"
    if DEBUG:
        table = request.args["table"]
    # ok: python.injection.sql-taint
    conn.execute("SELECT * FROM " + table)


def overwritten():
    table = input("table: ")
    table = "users"
    # ok: python.injection.sql-taint
    conn.execute("SELECT * FROM " + table)


def quote_ident(name):
    return '"' + name + '"'


def through_helper():
    # ruleid: python.injection.sql-taint
    conn.execute("SELECT * FROM " + quote_ident(request.cookies["t"]))


def run_query(sql):
    cur = conn.cursor()
    # ok: python.injection.sql-taint
    cur.executescript(sql)


def calls_sink():
    run_query("DROP TABLE " + os.getenv("TABLE"))


def build(parts, n):
    if n == 0:
        # ruleid: python.injection.sql-taint
        conn.execute("SELECT " + parts)
        return
    build(parts + ", x", n - 1)


def starts_recursion():
    build(request.headers["X-Cols"], 2)
