function set(el, v) {
  // ruleid: conformance.javascript.metavar-regex-prop
  el.innerHTML = v;
  // ruleid: conformance.javascript.metavar-regex-prop
  el.outerHTML = v;
  // ok: conformance.javascript.metavar-regex-prop
  el.innerText = v;
  // ok: conformance.javascript.metavar-regex-prop
  el.innerHTMLCache = v;
  // ok: conformance.javascript.metavar-regex-prop
  el.title = v;
}
