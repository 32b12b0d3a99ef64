import yaml


def read(data):
    # ruleid: conformance.python.pattern-not-kwarg
    a = yaml.load(data)
    # ruleid: conformance.python.pattern-not-kwarg
    b = yaml.load(data, Loader=yaml.Loader)
    # ok: conformance.python.pattern-not-kwarg
    c = yaml.load(data, Loader=yaml.SafeLoader)
    # ok: conformance.python.pattern-not-kwarg
    d = yaml.safe_load(data)
    return a, b, c, d
