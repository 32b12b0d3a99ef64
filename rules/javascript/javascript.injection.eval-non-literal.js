const express = require("express");
const app = express();

app.get("/calc", (req, res) => {
  // ruleid: javascript.injection.eval-non-literal
  const result = eval("(" + req.query.expr + ")");
  res.send(String(result));
});

function compile(body) {
  // ruleid: javascript.injection.eval-non-literal
  return new Function("a", "b", body);
}

function later(name) {
  // ruleid: javascript.injection.eval-non-literal
  setTimeout("greet('" + name + "')", 100);
}

function safe(req) {
  // ok: javascript.injection.eval-non-literal
  eval("1 + 1");
  // ok: javascript.injection.eval-non-literal
  const add = new Function("a", "b", "return a + b");
  // ok: javascript.injection.eval-non-literal
  setTimeout(() => later(req.query.name), 100);
  // ok: javascript.injection.eval-non-literal
  const data = JSON.parse(req.query.expr);
  return [add, data];
}
