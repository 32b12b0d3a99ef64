import * as crypto from "crypto";

export function encrypt(key: Buffer): crypto.Cipher[] {
  // ruleid: typescript.crypto.static-iv
  const a = crypto.createCipheriv("aes-256-cbc", key, Buffer.alloc(16, 0));
  // ruleid: typescript.crypto.static-iv
  const b = crypto.createCipheriv("aes-128-ctr", key, "0000000000000000");
  // ok: typescript.crypto.static-iv
  const c = crypto.createCipheriv("aes-256-gcm", key, crypto.randomBytes(12));
  const iv: Buffer = crypto.randomBytes(16);
  // ok: typescript.crypto.static-iv
  const d = crypto.createCipheriv("aes-256-cbc", key, iv);
  return [a, b, c, d];
}
