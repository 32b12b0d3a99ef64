def dispatch(admin, a, b):
    # ruleid: conformance.python.ellipsis-args-middle-literal
    send("admin")
    # ruleid: conformance.python.ellipsis-args-middle-literal
    send(a, "admin")
    # ruleid: conformance.python.ellipsis-args-middle-literal
    send("admin", b)
    # ruleid: conformance.python.ellipsis-args-middle-literal
    send(a, "admin", b)
    # ok: conformance.python.ellipsis-args-middle-literal
    send(a, b)
    # ok: conformance.python.ellipsis-args-middle-literal
    send("administrator")
    # ok: conformance.python.ellipsis-args-middle-literal
    send(admin)
