function audit(user: string, token: string, other: string): void {
  // ruleid: conformance.typescript.seq-mv-args
  console.log(token);
  // ruleid: conformance.typescript.seq-mv-args
  console.log("auth", user, token);
  // ok: conformance.typescript.seq-mv-args
  console.log(token, user);
  // ok: conformance.typescript.seq-mv-args
  console.log("auth", user, other);
  // ok: conformance.typescript.seq-mv-args
  console.error(user, token);
}
