def run(user, a, b):
    # ruleid: conformance.python.metavar-single-arg
    eval(user)
    # ruleid: conformance.python.metavar-single-arg
    eval("1 + " + user)
    # ruleid: conformance.python.metavar-single-arg
    eval(compile_expr(user, a))
    # ok: conformance.python.metavar-single-arg
    eval()
    # ok: conformance.python.metavar-single-arg
    eval(a, b)
    # ok: conformance.python.metavar-single-arg
    evaluate(user)
