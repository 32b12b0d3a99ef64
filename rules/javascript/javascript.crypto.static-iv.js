const crypto = require("crypto");

function encrypt(key, data) {
  // ruleid: javascript.crypto.static-iv
  const a = crypto.createCipheriv("aes-256-cbc", key, Buffer.alloc(16));
  // ruleid: javascript.crypto.static-iv
  const b = crypto.createCipheriv("aes-256-gcm", key, Buffer.from("0123456789ab"));
  const iv = crypto.randomBytes(12);
  // ok: javascript.crypto.static-iv
  const c = crypto.createCipheriv("aes-256-gcm", key, iv);
  // ok: javascript.crypto.static-iv
  const d = crypto.createCipheriv("aes-256-gcm", key, crypto.randomBytes(12));
  return [a, b, c, d];
}
