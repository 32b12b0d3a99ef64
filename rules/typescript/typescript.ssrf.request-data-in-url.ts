import axios from "axios";
import { Request, Response } from "express";

export async function proxy(req: Request, res: Response): Promise<void> {
  // ruleid: typescript.ssrf.request-data-in-url
  const a = await fetch(req.query.url as string);
  // ruleid: typescript.ssrf.request-data-in-url
  const b = await axios.get(req.body.callback);
  // ok: typescript.ssrf.request-data-in-url
  const c = await axios.post("https://api.example.com/events", req.body);
  // ok: typescript.ssrf.request-data-in-url
  const d = await fetch("https://api.example.com/health");
  res.json([a, b, c, d].length);
}
