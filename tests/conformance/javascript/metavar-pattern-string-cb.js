function later(fn, ms) {
  // ruleid: conformance.javascript.metavar-pattern-string-cb
  setTimeout("doWork()", ms);
  // ruleid: conformance.javascript.metavar-pattern-string-cb
  setTimeout('x++', 5);
  // ok: conformance.javascript.metavar-pattern-string-cb
  setTimeout(fn, ms);
  // ok: conformance.javascript.metavar-pattern-string-cb
  setTimeout(() => fn(), 5);
  // ok: conformance.javascript.metavar-pattern-string-cb
  setTimeout(function () {}, 5);
}
