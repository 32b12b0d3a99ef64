function handler(req, res) {
  // ruleid: conformance.javascript.deep-expr-member
  eval(req.query.code);
  // ruleid: conformance.javascript.deep-expr-member
  eval("var x = " + req.query.x);
  // ruleid: conformance.javascript.deep-expr-member
  eval(decodeURIComponent(req.query["a"]));
  // ok: conformance.javascript.deep-expr-member
  eval(req.body.code);
  // ok: conformance.javascript.deep-expr-member
  run(req.query.code);
  // ok: conformance.javascript.deep-expr-member
  eval("1 + 1");
}
