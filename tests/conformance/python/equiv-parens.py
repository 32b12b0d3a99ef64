def calc(a, b, c):
    # ruleid: conformance.python.equiv-parens
    compute(a + b)
    # ruleid: conformance.python.equiv-parens
    compute((a + b))
    # ruleid: conformance.python.equiv-parens
    compute((a) + (b))
    # ok: conformance.python.equiv-parens
    compute(a + b + c)
    # ok: conformance.python.equiv-parens
    compute(a - b)
    # ok: conformance.python.equiv-parens
    compute((a + b) * c)
