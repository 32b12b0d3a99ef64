import escapeHtml from "escape-html";
import { Request, Response } from "express";

export function search(req: Request, res: Response): void {
  // ruleid: typescript.xss.response-request-data
  res.send(`<h1>Results for ${req.query.q}</h1>`);
}

export function hello(req: Request, res: Response): void {
  // ruleid: typescript.xss.response-request-data
  res.send("<p>Hello " + req.params.name + "</p>");
}

export function safe(req: Request, res: Response): void {
  // ok: typescript.xss.response-request-data
  res.send(`<h1>${escapeHtml(String(req.query.q))}</h1>`);
  // ok: typescript.xss.response-request-data
  res.json({ q: req.query.q });
}
