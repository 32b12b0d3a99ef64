def check(name: str, count: int, other):
    # ruleid: conformance.python.metavar-type-str
    if other is name:
        return 1
    # ruleid: conformance.python.metavar-type-str
    if other is "admin":
        return 2
    # ok: conformance.python.metavar-type-str
    if other is count:
        return 3
    return 0
