function conv(v: unknown, n: number): void {
  // ruleid: conformance.typescript.type-any-cast
  const a = v as any;
  // ruleid: conformance.typescript.type-any-cast
  const b = (n + 1) as any;
  // ok: conformance.typescript.type-any-cast
  const c = v as string;
  // ok: conformance.typescript.type-any-cast
  const d = <number>n;
  // ok: conformance.typescript.type-any-cast
  const e: any = v;
  console.log(a, b, c, d, e);
}
