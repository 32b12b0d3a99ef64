import * as crypto from "crypto";

export function legacy(key: Buffer, iv: Buffer): crypto.Cipher[] {
  // ruleid: typescript.crypto.weak-cipher
  const a = crypto.createCipheriv("des-ede3-cbc", key, iv);
  // ruleid: typescript.crypto.weak-cipher
  const b = crypto.createCipheriv("aes-256-ecb", key, null);
  return [a, b];
}

export function modern(key: Buffer, iv: Buffer): crypto.Cipher[] {
  // ok: typescript.crypto.weak-cipher
  const a = crypto.createCipheriv("aes-256-gcm", key, iv);
  // ok: typescript.crypto.weak-cipher
  const b = crypto.createCipheriv("aes-128-ctr", key, iv);
  return [a, b];
}
