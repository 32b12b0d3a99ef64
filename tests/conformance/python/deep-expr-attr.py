from flask import request


def view(form):
    # ruleid: conformance.python.deep-expr-attr
    eval(request.args)
    # ruleid: conformance.python.deep-expr-attr
    eval("x + " + request.args.get("q"))
    # ruleid: conformance.python.deep-expr-attr
    eval(str(request.args["a"]).strip())
    # ok: conformance.python.deep-expr-attr
    eval(request.form)
    # ok: conformance.python.deep-expr-attr
    eval("1 + 1")
    # ok: conformance.python.deep-expr-attr
    print(request.args)
