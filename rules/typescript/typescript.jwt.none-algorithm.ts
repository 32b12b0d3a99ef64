import * as jwt from "jsonwebtoken";

export function check(token: string, key: string): unknown {
  // ruleid: typescript.jwt.none-algorithm
  const a = jwt.verify(token, key, { algorithms: ["none"] });
  // ruleid: typescript.jwt.none-algorithm
  const b = jwt.sign({ sub: "1" }, "", { algorithm: "none" });
  return [a, b];
}

export function safe(token: string, key: string): unknown {
  // ok: typescript.jwt.none-algorithm
  const a = jwt.verify(token, key, { algorithms: ["HS256"] });
  // ok: typescript.jwt.none-algorithm
  const b = jwt.sign({ sub: "1" }, key, { algorithm: "HS512" });
  return [a, b];
}
