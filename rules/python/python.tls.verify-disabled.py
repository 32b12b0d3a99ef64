import httpx
import requests


def fetch(url):
    # ruleid: python.tls.verify-disabled
    r = requests.get(url, timeout=5, verify=False)
    # ruleid: python.tls.verify-disabled
    c = httpx.Client(verify=False)
    s = requests.Session()
    # ruleid: python.tls.verify-disabled
    s.verify = False
    # ruleid: python.tls.verify-disabled
    s.post(url, data={}, verify=False)
    return r, c


def safe(url, ca):
    # ok: python.tls.verify-disabled
    a = requests.get(url, verify=True)
    # ok: python.tls.verify-disabled
    b = requests.get(url, verify=ca)
    # ok: python.tls.verify-disabled
    c = httpx.get(url)
    return a, b, c
