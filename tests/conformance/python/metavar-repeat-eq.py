def compare(a, b, node, other):
    # ruleid: conformance.python.metavar-repeat-eq
    if a == a:
        pass
    # ruleid: conformance.python.metavar-repeat-eq
    same = node.id == node.id
    # ruleid: conformance.python.metavar-repeat-eq
    check(len(a) == len(a))
    # ok: conformance.python.metavar-repeat-eq
    if a == b:
        pass
    # ok: conformance.python.metavar-repeat-eq
    diff = node.id == other.id
    # ok: conformance.python.metavar-repeat-eq
    neq = a != a
    # ok: conformance.python.metavar-repeat-eq
    c = len(a) == len(b)
