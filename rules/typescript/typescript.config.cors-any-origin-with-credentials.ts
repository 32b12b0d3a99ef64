import cors from "cors";
import { Request, Response, NextFunction } from "express";

// ruleid: typescript.config.cors-any-origin-with-credentials
app.use(cors({ origin: true, credentials: true }));

export function allow(req: Request, res: Response, next: NextFunction): void {
  // ruleid: typescript.config.cors-any-origin-with-credentials
  res.setHeader("Access-Control-Allow-Origin", req.headers.origin);
  res.setHeader("Access-Control-Allow-Credentials", "true");
  next();
}

// ok: typescript.config.cors-any-origin-with-credentials
app.use(cors({ origin: "https://app.example.com", credentials: true }));
// ok: typescript.config.cors-any-origin-with-credentials
app.use(cors({ origin: true }));
