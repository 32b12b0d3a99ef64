def run(path, prefix):
    # ruleid: conformance.python.metavar-pattern-concat
    run_shell("ls " + path)
    # ruleid: conformance.python.metavar-pattern-concat
    run_shell(prefix + path)
    # ok: conformance.python.metavar-pattern-concat
    run_shell("ls " + "-la")
    # ok: conformance.python.metavar-pattern-concat
    run_shell(path)
    # ok: conformance.python.metavar-pattern-concat
    run_shell("ls")
