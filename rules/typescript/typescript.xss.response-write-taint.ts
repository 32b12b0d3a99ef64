import { Request, Response } from "express";
import express from "express";
import escapeHtml from "escape-html";

const app = express();
const DEBUG: boolean = false;

app.get("/hello", (req: Request, res: Response) => {
  // ruleid: typescript.xss.response-write-taint
  res.send("<h1>Hello " + req.query.name + "</h1>");
});

app.get("/greet", (req: Request, res: Response) => {
  const name = req.params.name;
  const html = `<p>Welcome, ${name}!</p>`;
  // ruleid: typescript.xss.response-write-taint
  res.write(html);
  res.end();
});

app.get("/profile", (req: Request, res: Response) => {
  const page = { title: "Profile" };
  page.bio = req.body.bio;
  // ruleid: typescript.xss.response-write-taint
  res.send("<div>" + page.bio + "</div>");
  // ok: typescript.xss.response-write-taint
  res.send("<title>" + page.title + "</title>");
});

app.get("/list", (req: Request, res: Response) => {
  const items = [];
  items.push(req.query.item);
  // ruleid: typescript.xss.response-write-taint
  res.end("<ul><li>" + items.join("</li><li>") + "</li></ul>");
});

app.get("/escaped", (req: Request, res: Response) => {
  const name = escapeHtml(req.query.name);
  // ok: typescript.xss.response-write-taint
  res.send("<h1>" + name + "</h1>");
});

app.get("/json", (req: Request, res: Response) => {
  // ok: typescript.xss.response-write-taint
  res.json({ name: req.query.name });
});

app.get("/dead", (req: Request, res: Response) => {
  let msg = "hi";
  if (false) {
    msg = req.query.msg;
  }
  // ok: typescript.xss.response-write-taint
  res.send(msg);
});

app.get("/overwrite", (req: Request, res: Response) => {
  let msg = req.query.msg;
  msg = "hi";
  // ok: typescript.xss.response-write-taint
  res.send(msg);
});

function bold(s: string) {
  return "<b>" + s + "</b>";
}

app.get("/helper", (req: Request, res: Response) => {
  // ruleid: typescript.xss.response-write-taint
  res.send(bold(req.cookies.user));
});

function render(res, fragment) {
  // ruleid: typescript.xss.response-write-taint
  res.send("<html>" + fragment + "</html>");
}

app.get("/calls-sink", (req: Request, res: Response) => render(res, req.get("User-Agent")));

const koa = new Koa();
koa.use(async (ctx) => {
  const q = ctx.query.q;
  // ruleid: typescript.xss.response-write-taint
  ctx.body = "<p>" + q + "</p>";
});
