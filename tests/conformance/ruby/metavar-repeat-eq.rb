def cmp(a, b, node, other)
  # ruleid: conformance.ruby.metavar-repeat-eq
  s1 = a == a
  # ruleid: conformance.ruby.metavar-repeat-eq
  s2 = node.id == node.id
  # ok: conformance.ruby.metavar-repeat-eq
  d1 = node.id == other.id
  # ok: conformance.ruby.metavar-repeat-eq
  d2 = a == b
  # ok: conformance.ruby.metavar-repeat-eq
  d3 = a != a
  [s1, s2, d1, d2, d3]
end
