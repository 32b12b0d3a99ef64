function schedule(tick, delay) {
  // ruleid: conformance.javascript.call-literal-args
  setTimeout("tick()", 0);
  // ruleid: conformance.javascript.call-literal-args
  setTimeout('tick()', 0);
  // ok: conformance.javascript.call-literal-args
  setTimeout(tick, 0);
  // ok: conformance.javascript.call-literal-args
  setTimeout("tick()", 10);
  // ok: conformance.javascript.call-literal-args
  setTimeout("tick()");
  // ok: conformance.javascript.call-literal-args
  setInterval("tick()", 0);
}
