import { Request, Response } from "express";
import express from "express";
import vm from "vm";

const app = express();
const DEBUG: boolean = false;

app.get("/calc", (req: Request, res: Response) => {
  // ruleid: typescript.injection.code-eval-taint
  res.send(String(eval(req.query.expr)));
});

app.post("/filter", (req: Request, res: Response) => {
  const body = req.body.filter;
  const src = "return (" + body + ")";
  // ruleid: typescript.injection.code-eval-taint
  const fn = new Function("item", src);
  res.json([].filter(fn));
});

app.get("/later", (req: Request, res: Response) => {
  // ruleid: typescript.injection.code-eval-taint
  setTimeout(`notify('${req.query.msg}')`, 100);
});

app.post("/sandbox", (req: Request, res: Response) => {
  const job = { ctx: {} };
  job.code = req.body.code;
  job.fixed = "1 + 1";
  // ruleid: typescript.injection.code-eval-taint
  vm.runInNewContext(job.code, job.ctx);
  // ok: typescript.injection.code-eval-taint
  vm.runInNewContext(job.fixed, job.ctx);
});

app.post("/lines", (req: Request, res: Response) => {
  const lines = ["'use strict'"];
  lines.push(req.body.line);
  // ruleid: typescript.injection.code-eval-taint
  eval(lines.join(";"));
});

function fromEnv(: string) {
  // ok: typescript.injection.code-eval-taint
  return new vm.Script(process.env.INIT_SCRIPT);
}

app.get("/int", (req: Request, res: Response) => {
  const n = Number(req.query.n);
  // ok: typescript.injection.code-eval-taint
  res.send(String(eval(n + " * 2")));
});

app.get("/json", (req: Request, res: Response) => {
  const data = req.query.data;
  // ok: typescript.injection.code-eval-taint
  setTimeout(() => JSON.parse(data), 10);
});

app.get("/dead", (req: Request, res: Response) => {
  let code = "1";
  if (DEBUG) {
    code = req.query.code;
  }
  // ok: typescript.injection.code-eval-taint
  eval(code);
});

app.get("/overwrite", (req: Request, res: Response) => {
  let code = req.query.code;
  code = "1";
  // ok: typescript.injection.code-eval-taint
  eval(code);
});

function paren(x: string) {
  return "(" + x + ")";
}

app.get("/helper", (req: Request, res: Response) => {
  // ruleid: typescript.injection.code-eval-taint
  eval(paren(req.cookies.expr));
});

function evaluate(code: string) {
  // ruleid: typescript.injection.code-eval-taint
  return vm.runInThisContext(code);
}

app.get("/calls-sink", (req: Request, res: Response) => evaluate(req.headers["x-expr"]));

function nest(code, n) {
  if (n === 0) {
    // ruleid: typescript.injection.code-eval-taint
    return eval(code);
  }
  return nest("(" + code + ")", n - 1);
}

app.get("/nest", (req: Request, res: Response) => nest(req.query.e, 3));

app.get("/function-call", (req: Request, res: Response) => {
  // ruleid: typescript.injection.code-eval-taint
  const f = Function("return " + req.query.expr);
  res.send(String(f()));
});
