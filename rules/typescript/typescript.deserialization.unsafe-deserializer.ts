import * as serialize from "node-serialize";
import { Request, Response } from "express";

export function profile(req: Request, res: Response): void {
  const raw: string = Buffer.from(req.cookies.profile, "base64").toString();
  // ruleid: typescript.deserialization.unsafe-deserializer
  const obj = serialize.unserialize(raw);
  // ok: typescript.deserialization.unsafe-deserializer
  const safe = JSON.parse(raw);
  res.json({ obj, safe });
}

export function other(input: string): unknown {
  // ruleid: typescript.deserialization.unsafe-deserializer
  return require("node-serialize").unserialize(input);
}

export function out(value: object): string {
  // ok: typescript.deserialization.unsafe-deserializer
  return serialize.serialize(value);
}
