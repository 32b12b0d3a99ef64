import express, { Request, Response } from "express";
const app = express();

app.get("/login", (req: Request, res: Response) => {
  const user: string = req.query.user as string;
  // ruleid: typescript.trust-boundary.session-taint
  req.session.user = user;
  // ruleid: typescript.trust-boundary.session-taint
  req.session["role"] = req.body.role;
  // ok: typescript.trust-boundary.session-taint
  req.session.count = Number(req.query.n);
  // ok: typescript.trust-boundary.session-taint
  req.session.theme = "dark";
  res.send("ok");
});
