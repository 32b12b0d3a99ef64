function run(code, ctx) {
  // ruleid: conformance.javascript.ellipsis-args-any
  eval(code);
  // ruleid: conformance.javascript.ellipsis-args-any
  eval();
  // ruleid: conformance.javascript.ellipsis-args-any
  eval(code, ctx, 3);
  // ok: conformance.javascript.ellipsis-args-any
  evaluate(code);
  // ok: conformance.javascript.ellipsis-args-any
  ctx.eval(code);
  // ok: conformance.javascript.ellipsis-args-any
  const f = eval;
  return f;
}
