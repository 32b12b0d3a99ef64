const jwt = require("jsonwebtoken");

function issue(user) {
  // ruleid: javascript.secrets.hardcoded-jwt-secret
  return jwt.sign({ sub: user.id }, "my-super-secret", { expiresIn: "1h" });
}

function check(token) {
  // ruleid: javascript.secrets.hardcoded-jwt-secret
  return jwt.verify(token, "my-super-secret");
}

function safe(user, token) {
  // ok: javascript.secrets.hardcoded-jwt-secret
  const t = jwt.sign({ sub: user.id }, process.env.JWT_SECRET);
  // ok: javascript.secrets.hardcoded-jwt-secret
  const c = jwt.verify(token, publicKey, { algorithms: ["RS256"] });
  return [t, c];
}
