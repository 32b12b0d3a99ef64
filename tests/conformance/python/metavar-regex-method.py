import hashlib


def digest(data):
    # ruleid: conformance.python.metavar-regex-method
    a = hashlib.md5(data)
    # ruleid: conformance.python.metavar-regex-method
    b = hashlib.sha1(data)
    # ok: conformance.python.metavar-regex-method
    c = hashlib.sha256(data)
    # ok: conformance.python.metavar-regex-method
    d = hashlib.md5x(data)
    # ok: conformance.python.metavar-regex-method
    e = hashlib.new("md5")
    return a, b, c, d, e
