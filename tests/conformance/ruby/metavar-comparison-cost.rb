def store(pw, n)
  # ruleid: conformance.ruby.metavar-comparison-cost
  a = BCrypt::Password.create(pw, cost: 4)
  # ruleid: conformance.ruby.metavar-comparison-cost
  b = BCrypt::Password.create(pw, cost: 9)
  # ok: conformance.ruby.metavar-comparison-cost
  c = BCrypt::Password.create(pw, cost: 12)
  # ok: conformance.ruby.metavar-comparison-cost
  d = BCrypt::Password.create(pw, cost: n)
  [a, b, c, d]
end
