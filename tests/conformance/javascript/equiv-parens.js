function f(a, b, c) {
  // ruleid: conformance.javascript.equiv-parens
  check(a && b);
  // ruleid: conformance.javascript.equiv-parens
  check((a && b));
  // ruleid: conformance.javascript.equiv-parens
  check((a) && (b));
  // ok: conformance.javascript.equiv-parens
  check(a || b);
  // ok: conformance.javascript.equiv-parens
  check((a && b) || c);
  // ok: conformance.javascript.equiv-parens
  check(a && b, c);
}
