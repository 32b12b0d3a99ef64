function parse(text: string): unknown {
  // ruleid: conformance.typescript.not-inside-try
  const a: unknown = JSON.parse(text);
  let b: unknown = null;
  try {
    // ok: conformance.typescript.not-inside-try
    b = JSON.parse(text);
  } catch (e) {
    b = {};
  }
  // ok: conformance.typescript.not-inside-try
  const c = JSON.stringify(b);
  // ruleid: conformance.typescript.not-inside-try
  return [a, b, c, JSON.parse(c)];
}
