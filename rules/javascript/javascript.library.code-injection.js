export function compute(expr) {
  // ruleid: javascript.library.code-injection
  return eval(expr);
}

export function getter(field) {
  // ok: javascript.library.code-injection
  return new Function('o', 'return o[' + JSON.stringify(field) + ']');
}

export function constant() {
  // ok: javascript.library.code-injection
  return eval('1 + 1');
}
