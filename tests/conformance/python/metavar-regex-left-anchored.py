def run(x):
    # ruleid: conformance.python.metavar-regex-left-anchored
    unsafe_exec(x)
    # ruleid: conformance.python.metavar-regex-left-anchored
    unsafe_load(x, 1)
    # ok: conformance.python.metavar-regex-left-anchored
    call_unsafe_exec(x)
    # ok: conformance.python.metavar-regex-left-anchored
    safe_exec(x)
