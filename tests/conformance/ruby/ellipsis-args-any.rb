def load(data, io)
  # ruleid: conformance.ruby.ellipsis-args-any
  a = Marshal.load(data)
  # ruleid: conformance.ruby.ellipsis-args-any
  b = Marshal.load(io, nil)
  # ok: conformance.ruby.ellipsis-args-any
  c = Marshal.dump(data)
  # ok: conformance.ruby.ellipsis-args-any
  d = JSON.load(data)
  [a, b, c, d]
end
