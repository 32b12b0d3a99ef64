import os
import shlex


def wrap(value):
    return "ls " + value


def quoted(value):
    return "ls " + shlex.quote(value)


def run_it(cmd):
    # ruleid: python.injection.command-taint
    os.system(cmd)


def run_fixed():
    # ok: python.injection.command-taint
    os.system(wrap("docs"))
