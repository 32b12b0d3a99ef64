import * as vm from "vm";

export function calc(expr: string, fn: string): unknown[] {
  // ruleid: typescript.injection.vm-run-non-literal
  const result: unknown = vm.runInNewContext(expr, {});
  // ruleid: typescript.injection.vm-run-non-literal
  const script = new vm.Script(`(${fn})()`);
  // ok: typescript.injection.vm-run-non-literal
  const fixed = vm.runInNewContext("40 + 2", {});
  // ok: typescript.injection.vm-run-non-literal
  const ctx = vm.createContext({ expr });
  return [result, script, fixed, ctx];
}
