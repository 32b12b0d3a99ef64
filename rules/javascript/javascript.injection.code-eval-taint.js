const express = require("express");
const vm = require("vm");

const app = express();
const DEBUG = false;

app.get("/calc", (req, res) => {
  // ruleid: javascript.injection.code-eval-taint
  res.send(String(eval(req.query.expr)));
});

app.post("/filter", (req, res) => {
  const body = req.body.filter;
  const src = "return (" + body + ")";
  // ruleid: javascript.injection.code-eval-taint
  const fn = new Function("item", src);
  res.json([].filter(fn));
});

app.get("/later", (req, res) => {
  // ruleid: javascript.injection.code-eval-taint
  setTimeout(`notify('${req.query.msg}')`, 100);
});

app.post("/sandbox", (req, res) => {
  const job = { ctx: {} };
  job.code = req.body.code;
  job.fixed = "1 + 1";
  // ruleid: javascript.injection.code-eval-taint
  vm.runInNewContext(job.code, job.ctx);
  // ok: javascript.injection.code-eval-taint
  vm.runInNewContext(job.fixed, job.ctx);
});

app.post("/lines", (req, res) => {
  const lines = ["'use strict'"];
  lines.push(req.body.line);
  // ruleid: javascript.injection.code-eval-taint
  eval(lines.join(";"));
});

function fromEnv() {
  // ok: javascript.injection.code-eval-taint
  return new vm.Script(process.env.INIT_SCRIPT);
}

app.get("/int", (req, res) => {
  const n = Number(req.query.n);
  // ok: javascript.injection.code-eval-taint
  res.send(String(eval(n + " * 2")));
});

app.get("/json", (req, res) => {
  const data = req.query.data;
  // ok: javascript.injection.code-eval-taint
  setTimeout(() => JSON.parse(data), 10);
});

app.get("/dead", (req, res) => {
  let code = "1";
  if (DEBUG) {
    code = req.query.code;
  }
  // ok: javascript.injection.code-eval-taint
  eval(code);
});

app.get("/overwrite", (req, res) => {
  let code = req.query.code;
  code = "1";
  // ok: javascript.injection.code-eval-taint
  eval(code);
});

function paren(x) {
  return "(" + x + ")";
}

app.get("/helper", (req, res) => {
  // ruleid: javascript.injection.code-eval-taint
  eval(paren(req.cookies.expr));
});

function evaluate(code) {
  // ruleid: javascript.injection.code-eval-taint
  return vm.runInThisContext(code);
}

app.get("/calls-sink", (req, res) => evaluate(req.headers["x-expr"]));

function nest(code, n) {
  if (n === 0) {
    // ruleid: javascript.injection.code-eval-taint
    return eval(code);
  }
  return nest("(" + code + ")", n - 1);
}

app.get("/nest", (req, res) => nest(req.query.e, 3));

app.get("/function-call", (req, res) => {
  // ruleid: javascript.injection.code-eval-taint
  const f = Function("return " + req.query.expr);
  res.send(String(f()));
});
