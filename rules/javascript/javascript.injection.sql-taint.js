const express = require("express");
const mysql = require("mysql");
const { Pool } = require("pg");

const app = express();
const db = mysql.createConnection({});
const pool = new Pool();
const DEBUG = false;

app.get("/user/:id", (req, res) => {
  // ruleid: javascript.injection.sql-taint
  db.query("SELECT * FROM users WHERE id = " + req.params.id, (e, rows) => res.json(rows));
});

app.get("/search", async (req, res) => {
  const term = req.query.q;
  const sql = `SELECT * FROM items WHERE title LIKE '%${term}%'`;
  // ruleid: javascript.injection.sql-taint
  const result = await pool.query(sql);
  res.json(result.rows);
});

app.post("/sort", (req, res) => {
  const filter = { order: "id" };
  filter.order = req.body.order;
  filter.limit = 10;
  // ruleid: javascript.injection.sql-taint
  db.query("SELECT * FROM t ORDER BY " + filter.order);
  // ok: javascript.injection.sql-taint
  db.query("SELECT * FROM t LIMIT " + filter.limit);
});

app.post("/bulk", (req, res) => {
  const conds = [];
  for (const key of Object.keys(req.body)) {
    conds.push(key + " = 1");
  }
  // ruleid: javascript.injection.sql-taint
  db.query("SELECT * FROM t WHERE " + conds.join(" AND "));
});

app.get("/knex", (req, res) => {
  const col = req.headers["x-col"];
  // ruleid: javascript.injection.sql-taint
  knex.raw("SELECT " + col + " FROM t");
});

app.get("/prisma", async (req, res) => {
  // ruleid: javascript.injection.sql-taint
  await prisma.$queryRawUnsafe(`SELECT * FROM users WHERE email = '${req.query.email}'`);
});

app.get("/params", (req, res) => {
  // ok: javascript.injection.sql-taint
  db.query("SELECT * FROM users WHERE id = ?", [req.query.id]);
});

app.get("/escaped", (req, res) => {
  const id = db.escape(req.query.id);
  // ok: javascript.injection.sql-taint
  db.query("SELECT * FROM users WHERE id = " + id);
});

app.get("/int", (req, res) => {
  const id = parseInt(req.query.id, 10);
  // ok: javascript.injection.sql-taint
  db.query("SELECT * FROM users WHERE id = " + id);
});

app.get("/dead", (req, res) => {
  let table = "users";
  if (DEBUG) {
    table = req.query.table;
  }
  // ok: javascript.injection.sql-taint
  db.query("SELECT * FROM " + table);
});

app.get("/overwrite", (req, res) => {
  let table = req.query.table;
  table = "users";
  // ok: javascript.injection.sql-taint
  db.query("SELECT * FROM " + table);
});

function where(col, val) {
  return col + " = '" + val + "'";
}

app.get("/helper", (req, res) => {
  const clause = where("name", req.query.name);
  // ruleid: javascript.injection.sql-taint
  db.query("SELECT * FROM users WHERE " + clause);
});

function runSql(text) {
  // ok: javascript.injection.sql-taint
  return pool.query(text);
}

function main() {
  runSql("DELETE FROM jobs WHERE owner = '" + process.env.USER + "'");
}

function paginate(sql, pages) {
  if (pages <= 0) {
    // ruleid: javascript.injection.sql-taint
    return db.query(sql);
  }
  return paginate(sql + " OFFSET 10", pages - 1);
}

app.get("/pages", (req, res) => paginate("SELECT * FROM t WHERE a = " + req.query.a, 2));

class Repo {
  constructor(conn) {
    this.conn = conn;
  }

  find(req) {
    this.name = req.body.name;
    // ruleid: javascript.injection.sql-taint
    return this.conn.query("SELECT * FROM users WHERE name = '" + this.name + "'");
  }
}
