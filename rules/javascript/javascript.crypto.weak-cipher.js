const crypto = require("crypto");

function legacy(key, iv, data) {
  // ruleid: javascript.crypto.weak-cipher
  const a = crypto.createCipheriv("des-ede3-cbc", key, iv);
  // ruleid: javascript.crypto.weak-cipher
  const b = crypto.createCipheriv("aes-128-ecb", key, null);
  // ruleid: javascript.crypto.weak-cipher
  const c = crypto.createDecipheriv("rc4", key, "");
  return [a, b, c];
}

function modern(key, iv) {
  // ok: javascript.crypto.weak-cipher
  const a = crypto.createCipheriv("aes-256-gcm", key, iv);
  // ok: javascript.crypto.weak-cipher
  const b = crypto.createCipheriv("chacha20-poly1305", key, iv, { authTagLength: 16 });
  // ok: javascript.crypto.weak-cipher
  const c = crypto.createDecipheriv("aes-256-cbc", key, iv);
  return [a, b, c];
}
