import os

from flask import request

from tools import quoted, wrap, run_it


def build():
    name = request.args.get("name")
    # ruleid: python.injection.command-taint
    os.system(wrap(name))


def safe_build():
    name = request.args.get("name")
    # ok: python.injection.command-taint
    os.system(quoted(name))


def hand_over():
    run_it(request.form.get("cmd"))
