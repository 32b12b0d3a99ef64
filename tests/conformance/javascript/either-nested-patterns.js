const crypto = require("crypto");

function token(n) {
  // ruleid: conformance.javascript.either-nested-patterns
  const a = Math.random();
  // ruleid: conformance.javascript.either-nested-patterns
  const b = crypto.pseudoRandomBytes(n);
  // ok: conformance.javascript.either-nested-patterns
  const c = crypto.pseudoRandomBytes(0);
  // ok: conformance.javascript.either-nested-patterns
  const d = crypto.randomBytes(n);
  // ok: conformance.javascript.either-nested-patterns
  const e = Math.floor(n);
  return [a, b, c, d, e];
}
