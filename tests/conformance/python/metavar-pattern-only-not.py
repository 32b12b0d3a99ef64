# ruleid: conformance.python.metavar-pattern-only-not
run_shell(user_command)
# ok: conformance.python.metavar-pattern-only-not
run_shell("ls -l")
# ok: conformance.python.metavar-pattern-only-not
run_shell(SAFE_COMMAND)
