interface Item { id: number; code: number; }

function cmp(a: number, b: number, it: Item, other: Item): boolean {
  // ruleid: conformance.typescript.metavar-repeat-eq
  const x = a === a;
  // ruleid: conformance.typescript.metavar-repeat-eq
  const y = it.id === it.id;
  // ok: conformance.typescript.metavar-repeat-eq
  const z = it.id === other.id;
  // ok: conformance.typescript.metavar-repeat-eq
  const w = a === b;
  return x && y && z && w;
}
