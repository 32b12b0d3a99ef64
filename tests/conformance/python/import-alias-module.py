import subprocess as sp
import other


def go(cmd):
    # ruleid: conformance.python.import-alias-module
    sp.call(cmd)
    # ruleid: conformance.python.import-alias-module
    sp.call(["ls", "-l"], shell=False)
    # ok: conformance.python.import-alias-module
    sp.run(cmd)
    # ok: conformance.python.import-alias-module
    other.call(cmd)
    # ok: conformance.python.import-alias-module
    call(cmd)
