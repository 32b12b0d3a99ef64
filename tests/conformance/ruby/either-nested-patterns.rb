def load(data)
  # ruleid: conformance.ruby.either-nested-patterns
  a = YAML.load(data)
  # ruleid: conformance.ruby.either-nested-patterns
  b = Marshal.load(data)
  # ok: conformance.ruby.either-nested-patterns
  c = Marshal.load("x")
  # ok: conformance.ruby.either-nested-patterns
  d = YAML.safe_load(data)
  [a, b, c, d]
end
