function render(el, html) {
  // ruleid: conformance.javascript.either-mixed-kinds
  document.write(html);
  // ruleid: conformance.javascript.either-mixed-kinds
  el.innerHTML = html;
  // ok: conformance.javascript.either-mixed-kinds
  el.innerText = html;
  // ok: conformance.javascript.either-mixed-kinds
  document.writeln(html);
  // ok: conformance.javascript.either-mixed-kinds
  const copy = el.innerHTML;
  return copy;
}
