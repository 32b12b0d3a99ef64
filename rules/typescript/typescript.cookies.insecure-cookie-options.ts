import { Request, Response } from "express";

export function login(req: Request, res: Response): void {
  // ruleid: typescript.cookies.insecure-cookie-options
  res.cookie("sid", req.sessionID, { httpOnly: false, secure: true });
  // ruleid: typescript.cookies.insecure-cookie-options
  res.cookie("auth", "x", { secure: false });
  // ok: typescript.cookies.insecure-cookie-options
  res.cookie("sid", req.sessionID, { httpOnly: true, secure: true });
  // ok: typescript.cookies.insecure-cookie-options
  res.cookie("theme", "dark");
  res.end();
}
