function f(x: number): number {
  // ruleid: conformance.typescript.regex-ts-ignore
  // @ts-ignore
  const a: string = x;
  // ok: conformance.typescript.regex-ts-ignore
  // @ts-expect-error
  const b: string = x;
  // ok: conformance.typescript.regex-ts-ignore
  // ts-ignore without the at-sign
  // ruleid: conformance.typescript.regex-ts-ignore
  /* @ts-nocheck */
  return Number(a) + Number(b);
}
