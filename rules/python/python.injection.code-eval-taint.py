import importlib
import os
import sys

from flask import request

DEBUG = False


def direct():
    # ruleid: python.injection.code-eval-taint
    return eval(request.args["expr"])


def through_variables():
    src = request.form["code"]
    body = "def f():\n    " + src
    # ruleid: python.injection.code-eval-taint
    exec(body)


def fstring():
    n = request.values.get("n")
    # ruleid: python.injection.code-eval-taint
    return eval(f"{n} * 2")


def import_by_name():
    mod = request.args.get("plugin")
    # ruleid: python.injection.code-eval-taint
    return importlib.import_module("plugins." + mod)


class Calc:
    pass


def through_field():
    c = Calc()
    c.expr = request.json["expr"]
    c.default = "1 + 1"
    # ruleid: python.injection.code-eval-taint
    eval(c.expr)
    # ok: python.injection.code-eval-taint
    eval(c.default)


def through_list():
    lines = ["import math"]
    lines.append(sys.stdin.readline())
    # ok: python.injection.code-eval-taint
    exec("\n".join(lines))


def through_dict():
    env = {}
    env["hook"] = os.environ["HOOK"]
    # ok: python.injection.code-eval-taint
    exec(env["hook"])


def sanitized_int():
    n = int(request.args["n"])
    # ok: python.injection.code-eval-taint
    return eval("%d * 2" % n)


def dead_branch():
    expr = "1 + 1"
    if DEBUG:
        expr = request.args["expr"]
    # ok: python.injection.code-eval-taint
    return eval(expr)


def overwritten():
    expr = request.args["expr"]
    expr = "1 + 1"
    # ok: python.injection.code-eval-taint
    return eval(expr)


def wrap(code):
    return "(" + code + ")"


def through_helper():
    # ruleid: python.injection.code-eval-taint
    return eval(wrap(request.cookies["calc"]))


def evaluate(code):
    # ok: python.injection.code-eval-taint
    return compile(code, "<input>", "exec")


def calls_sink():
    return evaluate(input(">>> "))


def nest(code, depth):
    if depth == 0:
        # ruleid: python.injection.code-eval-taint
        return eval(code)
    return nest("(" + code + ")", depth - 1)


def starts_recursion():
    return nest(request.headers["X-Expr"], 4)


def from_query_string():
    from flask import request
    raw = request.query_string.decode("utf-8")
    # ruleid: python.injection.code-eval-taint
    eval(raw[raw.find("=") + 1:])


def literal_guard():
    from flask import request
    text = request.args["text"]
    if not text.startswith("'") or not text.endswith("'") or "'" in text[1:-1]:
        return "must be a string literal"
    # ok: python.injection.code-eval-taint
    eval(text)


def guard_on_another_value():
    from flask import request
    text = request.args["text"]
    other = request.args["other"]
    if not other.endswith("'"):
        return "no"
    # ruleid: python.injection.code-eval-taint
    eval(text)


def incomplete_literal_guard():
    from flask import request
    text = request.args["text"]
    if not text.startswith("'") or not text.endswith("'"):
        return "must be quoted"
    # ruleid: python.injection.code-eval-taint
    eval(text)
