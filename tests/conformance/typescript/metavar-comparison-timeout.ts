function later(fn: () => void, ms: number): void {
  // ruleid: conformance.typescript.metavar-comparison-timeout
  setTimeout(fn, 60000);
  // ruleid: conformance.typescript.metavar-comparison-timeout
  setTimeout(fn, 120000);
  // ok: conformance.typescript.metavar-comparison-timeout
  setTimeout(fn, 59999);
  // ok: conformance.typescript.metavar-comparison-timeout
  setTimeout(fn, ms);
  // ok: conformance.typescript.metavar-comparison-timeout
  setInterval(fn, 90000);
}
