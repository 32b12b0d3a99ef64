const vm = require("vm");

app.post("/calc", (req, res) => {
  // ruleid: javascript.injection.vm-run-non-literal
  const result = vm.runInNewContext(req.body.expr, {});
  // ruleid: javascript.injection.vm-run-non-literal
  const script = new vm.Script("(" + req.body.fn + ")()");
  // ok: javascript.injection.vm-run-non-literal
  const fixed = vm.runInNewContext("1 + 2", {});
  // ok: javascript.injection.vm-run-non-literal
  const ctx = vm.createContext({});
  res.json({ result, fixed, ok: !!script && !!ctx });
});
