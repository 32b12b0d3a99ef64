function build(input, flags) {
  // ruleid: conformance.javascript.pattern-not-literal
  const a = new RegExp(input);
  // ruleid: conformance.javascript.pattern-not-literal
  const b = new RegExp(input + "$");
  // ok: conformance.javascript.pattern-not-literal
  const c = new RegExp("^[a-z]+$");
  // ok: conformance.javascript.pattern-not-literal
  const d = new RegExp(input, flags);
  return [a, b, c, d];
}
