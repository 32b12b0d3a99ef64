import { createHash, createHmac } from "crypto";
import * as crypto from "crypto";

export function store(password: string): string {
  // ruleid: typescript.crypto.weak-hash
  return createHash("md5").update(password).digest("hex");
}

export function sign(data: Buffer, key: Buffer): Buffer {
  // ruleid: typescript.crypto.weak-hash
  return crypto.createHmac("sha1", key).update(data).digest();
}

export function safe(data: string): string[] {
  // ok: typescript.crypto.weak-hash
  const a: string = createHash("sha256").update(data).digest("hex");
  // ok: typescript.crypto.weak-hash
  const b: string = createHmac("sha512", data).digest("base64");
  return [a, b];
}
