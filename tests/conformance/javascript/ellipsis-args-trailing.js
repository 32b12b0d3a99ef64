function wire(el, doc, handler) {
  // ruleid: conformance.javascript.ellipsis-args-trailing
  el.addEventListener("click", handler, true);
  // ruleid: conformance.javascript.ellipsis-args-trailing
  doc.addEventListener(true);
  // ok: conformance.javascript.ellipsis-args-trailing
  el.addEventListener("click", handler, false);
  // ok: conformance.javascript.ellipsis-args-trailing
  el.addEventListener("click", handler);
  // ok: conformance.javascript.ellipsis-args-trailing
  el.addEventListener(true, handler);
}
