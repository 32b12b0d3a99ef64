// Report service for the demo shop (deliberately vulnerable).
const express = require("express");
const cp = require("child_process");

const app = express();

app.get("/report", (req, res) => {
  // VULNERABLE: user-controlled expression evaluated as code
  const total = eval("(" + req.query.formula + ")");
  res.json({ total });
});

app.get("/export", (req, res) => {
  // VULNERABLE: shell command built from a query parameter
  cp.exec("zip -r /tmp/export.zip " + req.query.folder, (err) => {
    res.send(err ? "failed" : "done");
  });
});

app.get("/version", (req, res) => {
  // safe: constant command, and execFile with an argument array
  cp.exec("git rev-parse HEAD", (err, out) => res.send(out));
  cp.execFile("git", ["log", "-1", req.query.ref], () => {});
  // safe: data parsed as JSON, not evaluated
  res.json(JSON.parse(req.query.opts || "{}"));
});

app.listen(3000);
