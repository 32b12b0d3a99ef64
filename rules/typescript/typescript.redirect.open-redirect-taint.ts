import { Request, Response } from "express";
import express from "express";
import Koa from "koa";

const app = express();
const DEBUG: boolean = false;

app.get("/login", (req: Request, res: Response) => {
  // ruleid: typescript.redirect.open-redirect-taint
  res.redirect(req.query.next);
});

app.get("/back", (req: Request, res: Response) => {
  const target = req.get("Referer");
  const url = target;
  // ruleid: typescript.redirect.open-redirect-taint
  res.redirect(302, url);
});

app.get("/host", (req: Request, res: Response) => {
  // ruleid: typescript.redirect.open-redirect-taint
  res.location(`https://${req.headers.host}/welcome`);
});

app.get("/raw", (req: Request, res: Response) => {
  const state = { home: "/" };
  state.back = req.cookies.returnTo;
  // ruleid: typescript.redirect.open-redirect-taint
  res.writeHead(302, { Location: state.back });
  // ok: typescript.redirect.open-redirect-taint
  res.writeHead(302, { Location: state.home });
});

app.get("/header", (req: Request, res: Response) => {
  const hops = [];
  hops.push(req.query.to);
  // ruleid: typescript.redirect.open-redirect-taint
  res.setHeader("Location", hops[0]);
});

app.get("/encoded", (req: Request, res: Response) => {
  const q = encodeURIComponent(req.query.q);
  // ok: typescript.redirect.open-redirect-taint
  res.redirect("/search?q=" + q);
});

app.get("/dead", (req: Request, res: Response) => {
  let url = "/";
  if (DEBUG) {
    url = req.query.next;
  }
  // ok: typescript.redirect.open-redirect-taint
  res.redirect(url);
});

app.get("/overwrite", (req: Request, res: Response) => {
  let url = req.query.next;
  url = "/home";
  // ok: typescript.redirect.open-redirect-taint
  res.redirect(url);
});

function bounce(res, where) {
  // ruleid: typescript.redirect.open-redirect-taint
  res.redirect(where);
}

app.get("/bounce", (req: Request, res: Response) => bounce(res, req.body.where));
