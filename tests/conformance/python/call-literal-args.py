def setup(mode, level):
    # ruleid: conformance.python.call-literal-args
    configure("debug", 3)
    # ruleid: conformance.python.call-literal-args
    configure(
        "debug",
        3,
    )
    # ok: conformance.python.call-literal-args
    configure("debug", 4)
    # ok: conformance.python.call-literal-args
    configure("debug")
    # ok: conformance.python.call-literal-args
    configure(mode, 3)
    # ok: conformance.python.call-literal-args
    configure("debug", 3, level)
    # ok: conformance.python.call-literal-args
    reconfigure("debug", 3)
