const express = require("express");
const app = express();

app.get("/login", (req, res) => {
  const user = req.query.user;
  // ruleid: javascript.trust-boundary.session-taint
  req.session.user = user;
  // ruleid: javascript.trust-boundary.session-taint
  req.session["role"] = req.body.role;
  // ok: javascript.trust-boundary.session-taint
  req.session.count = parseInt(req.query.n, 10);
  // ok: javascript.trust-boundary.session-taint
  req.session.theme = "dark";
  res.send("ok");
});
