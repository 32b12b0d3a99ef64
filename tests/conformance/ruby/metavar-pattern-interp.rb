def run(dir, cmd)
  # ruleid: conformance.ruby.metavar-pattern-interp
  system("ls " + dir)
  # ruleid: conformance.ruby.metavar-pattern-interp
  system(cmd + " -la")
  # ok: conformance.ruby.metavar-pattern-interp
  system(cmd)
  # ok: conformance.ruby.metavar-pattern-interp
  system("ls")
end
