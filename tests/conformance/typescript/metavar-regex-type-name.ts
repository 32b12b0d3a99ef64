// ruleid: conformance.typescript.metavar-regex-type-name
function handleClick(e: any): void {
  console.log(e);
}

// ok: conformance.typescript.metavar-regex-type-name
function handleKey(e: KeyboardEvent): void {
  console.log(e);
}

// ok: conformance.typescript.metavar-regex-type-name
function process(e: any): void {
  console.log(e);
}

// ruleid: conformance.typescript.metavar-regex-type-name
function handleBoth(a: string, b: any): void {
  console.log(a, b);
}
