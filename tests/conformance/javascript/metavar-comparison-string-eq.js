const jwt = require("jsonwebtoken");

function issue(payload, key, alg) {
  // ruleid: conformance.javascript.metavar-comparison-string-eq
  jwt.sign(payload, key, { algorithm: "none" });
  // ruleid: conformance.javascript.metavar-comparison-string-eq
  jwt.sign(payload, key, { expiresIn: 60, algorithm: 'HS1' });
  // ok: conformance.javascript.metavar-comparison-string-eq
  jwt.sign(payload, key, { algorithm: "HS256" });
  // ok: conformance.javascript.metavar-comparison-string-eq
  jwt.sign(payload, key, { algorithm: "None" });
  // ok: conformance.javascript.metavar-comparison-string-eq
  jwt.sign(payload, key, { algorithm: alg });
}
