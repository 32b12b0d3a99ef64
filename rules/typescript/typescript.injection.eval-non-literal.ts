export function calc(expr: string, id: number): unknown {
  // ruleid: typescript.injection.eval-non-literal
  const a: unknown = eval(expr);
  // ruleid: typescript.injection.eval-non-literal
  const f = new Function("x", "return x + " + expr);
  // ruleid: typescript.injection.eval-non-literal
  setTimeout(`refresh(${id})`, 1000);
  // ok: typescript.injection.eval-non-literal
  const b: unknown = eval("1 + 1");
  // ok: typescript.injection.eval-non-literal
  setTimeout(() => refresh(id), 1000);
  // ok: typescript.injection.eval-non-literal
  const parsed: unknown = JSON.parse(expr);
  return [a, f, b, parsed];
}
