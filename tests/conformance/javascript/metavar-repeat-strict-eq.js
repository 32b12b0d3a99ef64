function cmp(a, b, obj, other) {
  // ruleid: conformance.javascript.metavar-repeat-strict-eq
  if (a === a) {
    return 1;
  }
  // ruleid: conformance.javascript.metavar-repeat-strict-eq
  const same = obj.id === obj.id;
  // ok: conformance.javascript.metavar-repeat-strict-eq
  const diff = obj.id === other.id;
  // ok: conformance.javascript.metavar-repeat-strict-eq
  const loose = a !== a;
  // ok: conformance.javascript.metavar-repeat-strict-eq
  const two = a === b;
  return same || diff || loose || two;
}
