import requests


def fetch(url, base):
    # ruleid: conformance.python.fix-regex-count
    r = requests.get(url)
    # ruleid: conformance.python.fix-regex-count
    p = requests.get(join(base), params)
    # ok: conformance.python.fix-regex-count
    s = requests.get(url, timeout=3)
    return r, p, s
