def make(h):
    # ruleid: conformance.python.kwarg-order
    connect(host=h, verify=False)
    # ruleid: conformance.python.kwarg-order
    connect(verify=False, host="db.local")
    # ok: conformance.python.kwarg-order
    connect(host=h, verify=True)
    # ok: conformance.python.kwarg-order
    connect(host=h)
    # ok: conformance.python.kwarg-order
    connect(verify=False)
