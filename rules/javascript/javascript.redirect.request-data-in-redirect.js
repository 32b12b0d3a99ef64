app.get("/login/done", (req, res) => {
  // ruleid: javascript.redirect.request-data-in-redirect
  res.redirect(req.query.returnTo);
});

app.post("/go", (req, res) => {
  // ruleid: javascript.redirect.request-data-in-redirect
  res.redirect(301, req.body["url"]);
});

app.get("/back", (req, res) => {
  // ruleid: javascript.redirect.request-data-in-redirect
  res.redirect(req.query.next || "/");
});

app.get("/safe", (req, res) => {
  // ok: javascript.redirect.request-data-in-redirect
  res.redirect("/home");
  // ok: javascript.redirect.request-data-in-redirect
  res.redirect(`/users/${encodeURIComponent(req.params.id)}`);
  // ok: javascript.redirect.request-data-in-redirect
  res.redirect(allowed.get(req.query.dest) || "/");
});
