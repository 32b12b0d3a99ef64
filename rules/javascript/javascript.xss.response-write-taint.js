const express = require("express");
const escapeHtml = require("escape-html");

const app = express();
const DEBUG = false;

app.get("/hello", (req, res) => {
  // ruleid: javascript.xss.response-write-taint
  res.send("<h1>Hello " + req.query.name + "</h1>");
});

app.get("/greet", (req, res) => {
  const name = req.params.name;
  const html = `<p>Welcome, ${name}!</p>`;
  // ruleid: javascript.xss.response-write-taint
  res.write(html);
  res.end();
});

app.get("/profile", (req, res) => {
  const page = { title: "Profile" };
  page.bio = req.body.bio;
  // ruleid: javascript.xss.response-write-taint
  res.send("<div>" + page.bio + "</div>");
  // ok: javascript.xss.response-write-taint
  res.send("<title>" + page.title + "</title>");
});

app.get("/list", (req, res) => {
  const items = [];
  items.push(req.query.item);
  // ruleid: javascript.xss.response-write-taint
  res.end("<ul><li>" + items.join("</li><li>") + "</li></ul>");
});

app.get("/escaped", (req, res) => {
  const name = escapeHtml(req.query.name);
  // ok: javascript.xss.response-write-taint
  res.send("<h1>" + name + "</h1>");
});

app.get("/json", (req, res) => {
  // ok: javascript.xss.response-write-taint
  res.json({ name: req.query.name });
});

app.get("/dead", (req, res) => {
  let msg = "hi";
  if (false) {
    msg = req.query.msg;
  }
  // ok: javascript.xss.response-write-taint
  res.send(msg);
});

app.get("/overwrite", (req, res) => {
  let msg = req.query.msg;
  msg = "hi";
  // ok: javascript.xss.response-write-taint
  res.send(msg);
});

function bold(s) {
  return "<b>" + s + "</b>";
}

app.get("/helper", (req, res) => {
  // ruleid: javascript.xss.response-write-taint
  res.send(bold(req.cookies.user));
});

function render(res, fragment) {
  // ruleid: javascript.xss.response-write-taint
  res.send("<html>" + fragment + "</html>");
}

app.get("/calls-sink", (req, res) => render(res, req.get("User-Agent")));

const koa = new Koa();
koa.use(async (ctx) => {
  const q = ctx.query.q;
  // ruleid: javascript.xss.response-write-taint
  ctx.body = "<p>" + q + "</p>";
});
