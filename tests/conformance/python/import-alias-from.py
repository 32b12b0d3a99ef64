import os
from os import system


def go(cmd, shell):
    # ruleid: conformance.python.import-alias-from
    system(cmd)
    # ruleid: conformance.python.import-alias-from
    os.system("ls")
    # ok: conformance.python.import-alias-from
    os.popen(cmd)
    # ok: conformance.python.import-alias-from
    shell.system(cmd)
    # ok: conformance.python.import-alias-from
    system(cmd, 1)
