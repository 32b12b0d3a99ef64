const ejs = require("ejs");
const pug = require("pug");
const _ = require("lodash");

app.post("/preview", (req, res) => {
  // ruleid: javascript.injection.template-from-request
  res.send(ejs.render(req.body.template, { user: req.user }));
  // ruleid: javascript.injection.template-from-request
  const fn = pug.compile("p " + req.query.text);
  // ruleid: javascript.injection.template-from-request
  const t = _.template(req.body.tpl);
  // ok: javascript.injection.template-from-request
  res.send(ejs.render(TEMPLATE, { note: req.body.note }));
  // ok: javascript.injection.template-from-request
  const safe = _.escape(req.body.tpl);
  res.end([fn, t, safe].length);
});
