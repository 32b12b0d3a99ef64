const escapeHtml = require("escape-html");

app.get("/search", (req, res) => {
  // ruleid: javascript.xss.response-request-data
  res.send(`<h1>Results for ${req.query.q}</h1>`);
});

app.get("/hello", (req, res) => {
  // ruleid: javascript.xss.response-request-data
  res.write("<p>Hello " + req.params.name + "</p>");
  res.end();
});

app.get("/safe", (req, res) => {
  // ok: javascript.xss.response-request-data
  res.send(`<h1>Results for ${escapeHtml(req.query.q)}</h1>`);
  // ok: javascript.xss.response-request-data
  res.json({ q: req.query.q });
  // ok: javascript.xss.response-request-data
  res.send("<h1>Hello</h1>");
});
