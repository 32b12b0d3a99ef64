def cfg():
    # ruleid: conformance.python.metavar-comparison-and-or
    set_level(10)
    # ruleid: conformance.python.metavar-comparison-and-or
    set_level(20)
    # ruleid: conformance.python.metavar-comparison-and-or
    set_level(99)
    # ok: conformance.python.metavar-comparison-and-or
    set_level(9)
    # ok: conformance.python.metavar-comparison-and-or
    set_level(21)
    # ok: conformance.python.metavar-comparison-and-or
    set_level(98)
