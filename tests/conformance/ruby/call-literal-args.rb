def clean(cmd)
  # ruleid: conformance.ruby.call-literal-args
  system("rm -rf /tmp/cache")
  # ruleid: conformance.ruby.call-literal-args
  system('rm -rf /tmp/cache')
  # ok: conformance.ruby.call-literal-args
  system("rm -rf /tmp/other")
  # ok: conformance.ruby.call-literal-args
  system(cmd)
  # ok: conformance.ruby.call-literal-args
  spawn("rm -rf /tmp/cache")
end
