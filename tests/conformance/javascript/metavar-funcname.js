function leak(send, log) {
  // ruleid: conformance.javascript.metavar-funcname
  send(document.cookie);
  // ruleid: conformance.javascript.metavar-funcname
  log(document.cookie);
  // ok: conformance.javascript.metavar-funcname
  send(document.title);
  // ok: conformance.javascript.metavar-funcname
  send(document.cookie, 1);
  // ok: conformance.javascript.metavar-funcname
  send();
}
