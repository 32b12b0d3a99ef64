import ast


def calc(expr, name):
    # ruleid: python.injection.eval-exec-non-literal
    value = eval(expr)
    # ruleid: python.injection.eval-exec-non-literal
    exec("x = " + name)
    # ruleid: python.injection.eval-exec-non-literal
    exec(compile(expr, "<s>", "exec"), {})
    return value


def safe(expr):
    # ok: python.injection.eval-exec-non-literal
    a = ast.literal_eval(expr)
    # ok: python.injection.eval-exec-non-literal
    b = eval("1 + 2")
    # ok: python.injection.eval-exec-non-literal
    exec("import math")
    return a, b
