def first(xs):
    if not xs:
        # ruleid: conformance.python.keyword-statement-alone
        return
    # ok: conformance.python.keyword-statement-alone
    return xs[0]
