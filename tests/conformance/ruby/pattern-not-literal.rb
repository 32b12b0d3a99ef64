def call(name, arg)
  # ruleid: conformance.ruby.pattern-not-literal
  send(name)
  # ruleid: conformance.ruby.pattern-not-literal
  send(name, arg)
  # ok: conformance.ruby.pattern-not-literal
  send("reload")
  # ok: conformance.ruby.pattern-not-literal
  send("update", arg)
  # ok: conformance.ruby.pattern-not-literal
  public_send(name)
  # ok: conformance.ruby.pattern-not-literal
  dispatch(name)
end
