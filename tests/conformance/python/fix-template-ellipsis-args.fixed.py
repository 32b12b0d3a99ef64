import sys


def main(code):
    # ruleid: conformance.python.fix-template-ellipsis-args
    sys.exit(code,
         "bye")
    # ok: conformance.python.fix-template-ellipsis-args
    sys.exit(0)
    # ruleid: conformance.python.fix-template-ellipsis-args
    sys.exit()
