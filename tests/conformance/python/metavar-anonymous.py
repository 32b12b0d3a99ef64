def build(a, b, c):
    # ruleid: conformance.python.metavar-anonymous
    pair(1, 2)
    # ruleid: conformance.python.metavar-anonymous
    pair(a, a)
    # ruleid: conformance.python.metavar-anonymous
    pair(a, "b")
    # ok: conformance.python.metavar-anonymous
    pair(a)
    # ok: conformance.python.metavar-anonymous
    pair(a, b, c)
    # ok: conformance.python.metavar-anonymous
    pairs(a, b)
