import { Request, Response } from "express";

export function done(req: Request, res: Response): void {
  // ruleid: typescript.redirect.request-data-in-redirect
  res.redirect(req.query.returnTo as string);
}

export function go(req: Request, res: Response): void {
  // ruleid: typescript.redirect.request-data-in-redirect
  res.redirect(302, req.body.url);
}

export function safe(req: Request, res: Response): void {
  // ok: typescript.redirect.request-data-in-redirect
  res.redirect("/dashboard");
  // ok: typescript.redirect.request-data-in-redirect
  res.redirect(routes[req.params.page] ?? "/");
}
