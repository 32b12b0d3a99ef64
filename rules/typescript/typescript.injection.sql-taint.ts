import { Request, Response } from "express";
import express from "express";
import mysql from "mysql";
import { Pool } from "pg";

const app = express();
const db = mysql.createConnection({});
const pool = new Pool();
const DEBUG: boolean = false;

app.get("/user/:id", (req: Request, res: Response) => {
  // ruleid: typescript.injection.sql-taint
  db.query("SELECT * FROM users WHERE id = " + req.params.id, (e, rows) => res.json(rows));
});

app.get("/search", async (req: Request, res: Response) => {
  const term = req.query.q;
  const sql = `SELECT * FROM items WHERE title LIKE '%${term}%'`;
  // ruleid: typescript.injection.sql-taint
  const result = await pool.query(sql);
  res.json(result.rows);
});

app.post("/sort", (req: Request, res: Response) => {
  const filter = { order: "id" };
  filter.order = req.body.order;
  filter.limit = 10;
  // ruleid: typescript.injection.sql-taint
  db.query("SELECT * FROM t ORDER BY " + filter.order);
  // ok: typescript.injection.sql-taint
  db.query("SELECT * FROM t LIMIT " + filter.limit);
});

app.post("/bulk", (req: Request, res: Response) => {
  const conds = [];
  for (const key of Object.keys(req.body)) {
    conds.push(key + " = 1");
  }
  // ruleid: typescript.injection.sql-taint
  db.query("SELECT * FROM t WHERE " + conds.join(" AND "));
});

app.get("/knex", (req: Request, res: Response) => {
  const col = req.headers["x-col"];
  // ruleid: typescript.injection.sql-taint
  knex.raw("SELECT " + col + " FROM t");
});

app.get("/prisma", async (req: Request, res: Response) => {
  // ruleid: typescript.injection.sql-taint
  await prisma.$queryRawUnsafe(`SELECT * FROM users WHERE email = '${req.query.email}'`);
});

app.get("/params", (req: Request, res: Response) => {
  // ok: typescript.injection.sql-taint
  db.query("SELECT * FROM users WHERE id = ?", [req.query.id]);
});

app.get("/escaped", (req: Request, res: Response) => {
  const id = db.escape(req.query.id);
  // ok: typescript.injection.sql-taint
  db.query("SELECT * FROM users WHERE id = " + id);
});

app.get("/int", (req: Request, res: Response) => {
  const id = parseInt(req.query.id, 10);
  // ok: typescript.injection.sql-taint
  db.query("SELECT * FROM users WHERE id = " + id);
});

app.get("/dead", (req: Request, res: Response) => {
  let table = "users";
  if (DEBUG) {
    table = req.query.table;
  }
  // ok: typescript.injection.sql-taint
  db.query("SELECT * FROM " + table);
});

app.get("/overwrite", (req: Request, res: Response) => {
  let table = req.query.table;
  table = "users";
  // ok: typescript.injection.sql-taint
  db.query("SELECT * FROM " + table);
});

function where(col, val) {
  return col + " = '" + val + "'";
}

app.get("/helper", (req: Request, res: Response) => {
  const clause = where("name", req.query.name);
  // ruleid: typescript.injection.sql-taint
  db.query("SELECT * FROM users WHERE " + clause);
});

function runSql(text: string) {
  // ok: typescript.injection.sql-taint
  return pool.query(text);
}

function main(: string) {
  runSql("DELETE FROM jobs WHERE owner = '" + process.env.USER + "'");
}

function paginate(sql, pages) {
  if (pages <= 0) {
    // ruleid: typescript.injection.sql-taint
    return db.query(sql);
  }
  return paginate(sql + " OFFSET 10", pages - 1);
}

app.get("/pages", (req: Request, res: Response) => paginate("SELECT * FROM t WHERE a = " + req.query.a, 2));

class Repo {
  constructor(conn) {
    this.conn = conn;
  }

  find(req) {
    this.name = req.body.name;
    // ruleid: typescript.injection.sql-taint
    return this.conn.query("SELECT * FROM users WHERE name = '" + this.name + "'");
  }
}
