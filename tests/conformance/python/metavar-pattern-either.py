import hashlib


def make(name):
    # ruleid: conformance.python.metavar-pattern-either
    a = hashlib.new("md5")
    # ruleid: conformance.python.metavar-pattern-either
    b = hashlib.new('sha1')
    # ok: conformance.python.metavar-pattern-either
    c = hashlib.new("sha256")
    # ok: conformance.python.metavar-pattern-either
    d = hashlib.new(name)
    return a, b, c, d
