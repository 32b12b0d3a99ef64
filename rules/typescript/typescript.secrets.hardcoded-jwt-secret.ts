import * as jwt from "jsonwebtoken";

export function issue(userId: string): string {
  // ruleid: typescript.secrets.hardcoded-jwt-secret
  return jwt.sign({ sub: userId }, "changeme-secret", { expiresIn: "1h" });
}

export function check(token: string): unknown {
  // ruleid: typescript.secrets.hardcoded-jwt-secret
  return jwt.verify(token, "changeme-secret");
}

export function safe(userId: string, token: string): unknown[] {
  // ok: typescript.secrets.hardcoded-jwt-secret
  const t = jwt.sign({ sub: userId }, process.env.JWT_SECRET as string);
  // ok: typescript.secrets.hardcoded-jwt-secret
  const v = jwt.verify(token, publicKey);
  return [t, v];
}
