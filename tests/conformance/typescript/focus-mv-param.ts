// ok: conformance.typescript.focus-mv-param
function load(
  url: string,
  // ruleid: conformance.typescript.focus-mv-param
  options: any,
): void {
  console.log(url, options);
}

// ruleid: conformance.typescript.focus-mv-param
function one(x: any): void {
  console.log(x);
}

// ok: conformance.typescript.focus-mv-param
function typed(x: number, y: string): void {
  console.log(x, y);
}
