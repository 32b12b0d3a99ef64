const express = require("express");
const Koa = require("koa");

const app = express();
const DEBUG = false;

app.get("/login", (req, res) => {
  // ruleid: javascript.redirect.open-redirect-taint
  res.redirect(req.query.next);
});

app.get("/back", (req, res) => {
  const target = req.get("Referer");
  const url = target;
  // ruleid: javascript.redirect.open-redirect-taint
  res.redirect(302, url);
});

app.get("/host", (req, res) => {
  // ruleid: javascript.redirect.open-redirect-taint
  res.location(`https://${req.headers.host}/welcome`);
});

app.get("/raw", (req, res) => {
  const state = { home: "/" };
  state.back = req.cookies.returnTo;
  // ruleid: javascript.redirect.open-redirect-taint
  res.writeHead(302, { Location: state.back });
  // ok: javascript.redirect.open-redirect-taint
  res.writeHead(302, { Location: state.home });
});

app.get("/header", (req, res) => {
  const hops = [];
  hops.push(req.query.to);
  // ruleid: javascript.redirect.open-redirect-taint
  res.setHeader("Location", hops[0]);
});

app.get("/encoded", (req, res) => {
  const q = encodeURIComponent(req.query.q);
  // ok: javascript.redirect.open-redirect-taint
  res.redirect("/search?q=" + q);
});

app.get("/dead", (req, res) => {
  let url = "/";
  if (DEBUG) {
    url = req.query.next;
  }
  // ok: javascript.redirect.open-redirect-taint
  res.redirect(url);
});

app.get("/overwrite", (req, res) => {
  let url = req.query.next;
  url = "/home";
  // ok: javascript.redirect.open-redirect-taint
  res.redirect(url);
});

function bounce(res, where) {
  // ruleid: javascript.redirect.open-redirect-taint
  res.redirect(where);
}

app.get("/bounce", (req, res) => bounce(res, req.body.where));
