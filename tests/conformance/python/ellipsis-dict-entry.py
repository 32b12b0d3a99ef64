def settings(flag):
    # ruleid: conformance.python.ellipsis-dict-entry
    a = {"debug": True}
    # ruleid: conformance.python.ellipsis-dict-entry
    b = {"name": "app", "debug": True, "port": 80}
    # ok: conformance.python.ellipsis-dict-entry
    c = {"debug": False}
    # ok: conformance.python.ellipsis-dict-entry
    d = {"Debug": True}
    # ok: conformance.python.ellipsis-dict-entry
    e = {"name": "app", "port": 80}
    # ok: conformance.python.ellipsis-dict-entry
    f = {"debug": flag}
    return [a, b, c, d, e, f]
