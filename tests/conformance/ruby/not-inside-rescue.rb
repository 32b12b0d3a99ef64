def parse(s, t)
  # ruleid: conformance.ruby.not-inside-rescue
  a = Integer(s)
  b = begin
    # ok: conformance.ruby.not-inside-rescue
    Integer(t)
  rescue
    0
  end
  # ok: conformance.ruby.not-inside-rescue
  c = Float(s)
  # ruleid: conformance.ruby.not-inside-rescue
  a + b + c + Integer(t)
end
