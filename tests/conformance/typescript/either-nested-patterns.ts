interface San { bypassSecurityTrustHtml(v: string): string; }

function f(s: San, html: string): number {
  // ruleid: conformance.typescript.either-nested-patterns
  const r = Math.random();
  // ruleid: conformance.typescript.either-nested-patterns
  s.bypassSecurityTrustHtml(html);
  // ok: conformance.typescript.either-nested-patterns
  s.bypassSecurityTrustHtml("<b>x</b>");
  // ok: conformance.typescript.either-nested-patterns
  const m = Math.floor(r);
  return m;
}
