function opts(flag: string): object[] {
  // ruleid: conformance.typescript.ellipsis-object-prop
  const a = { sameSite: "none" };
  // ruleid: conformance.typescript.ellipsis-object-prop
  const b = { secure: true, sameSite: "none", path: "/" };
  // ok: conformance.typescript.ellipsis-object-prop
  const c = { sameSite: "strict" };
  // ok: conformance.typescript.ellipsis-object-prop
  const d = { sameSite: flag };
  // ok: conformance.typescript.ellipsis-object-prop
  const e = { secure: true };
  return [a, b, c, d, e];
}
