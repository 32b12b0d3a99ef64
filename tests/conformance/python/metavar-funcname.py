def read_secrets(path):
    # ruleid: conformance.python.metavar-funcname
    data = open("/etc/passwd")
    # ruleid: conformance.python.metavar-funcname
    load_file("/etc/passwd")
    # ruleid: conformance.python.metavar-funcname
    scan('/etc/passwd')
    # ok: conformance.python.metavar-funcname
    open("/etc/hosts")
    # ok: conformance.python.metavar-funcname
    open("/etc/passwd", "r")
    # ok: conformance.python.metavar-funcname
    open(path)
    return data
