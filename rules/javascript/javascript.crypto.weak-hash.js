const crypto = require("crypto");

function store(password) {
  // ruleid: javascript.crypto.weak-hash
  return crypto.createHash("md5").update(password).digest("hex");
}

function sign(data, key) {
  // ruleid: javascript.crypto.weak-hash
  const mac = crypto.createHmac("sha1", key).update(data).digest();
  // ruleid: javascript.crypto.weak-hash
  const other = crypto.createHash('SHA1');
  return [mac, other];
}

function safe(data, alg) {
  // ok: javascript.crypto.weak-hash
  const a = crypto.createHash("sha256").update(data).digest("hex");
  // ok: javascript.crypto.weak-hash
  const b = crypto.createHash("sha512-md5-compat");
  // ok: javascript.crypto.weak-hash
  const c = crypto.createHmac("sha384", data);
  return [a, b, c];
}
