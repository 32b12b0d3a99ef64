export function compute(expr: string) {
  // ruleid: typescript.library.code-injection
  return eval(expr);
}

export function getter(field: string) {
  // ok: typescript.library.code-injection
  return new Function('o', 'return o[' + JSON.stringify(field) + ']');
}

export function constant() {
  // ok: typescript.library.code-injection
  return eval('1 + 1');
}
