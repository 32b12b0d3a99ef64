function parse(text) {
  // ruleid: conformance.javascript.not-inside-try
  const a = JSON.parse(text);
  let b = null;
  try {
    // ok: conformance.javascript.not-inside-try
    b = JSON.parse(text);
  } catch (e) {
    b = {};
  }
  // ok: conformance.javascript.not-inside-try
  const c = JSON.stringify(b);
  // ruleid: conformance.javascript.not-inside-try
  return [a, b, c, JSON.parse(c)];
}
