interface Req { params: Record<string, string>; body: unknown; }
interface Res { send(x: unknown): void; }

function h(req: Req, res: Res): void {
  // ruleid: conformance.typescript.deep-expr-member
  res.send(req.params);
  // ruleid: conformance.typescript.deep-expr-member
  res.send("<p>" + req.params.name + "</p>");
  // ok: conformance.typescript.deep-expr-member
  res.send(req.body);
  // ok: conformance.typescript.deep-expr-member
  res.send("static");
}
