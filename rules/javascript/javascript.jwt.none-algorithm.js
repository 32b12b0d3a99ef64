const jwt = require("jsonwebtoken");

function check(token, key) {
  // ruleid: javascript.jwt.none-algorithm
  const a = jwt.verify(token, key, { algorithms: ["HS256", "none"] });
  // ruleid: javascript.jwt.none-algorithm
  const b = jwt.sign({ sub: 1 }, "", { algorithm: "none" });
  // ruleid: javascript.jwt.none-algorithm
  const c = jwt.verify(token, null);
  return [a, b, c];
}

function safe(token, key) {
  // ok: javascript.jwt.none-algorithm
  const a = jwt.verify(token, key, { algorithms: ["HS256"] });
  // ok: javascript.jwt.none-algorithm
  const b = jwt.sign({ sub: 1 }, key, { algorithm: "RS256" });
  return [a, b];
}
