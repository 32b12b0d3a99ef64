import requests

def fetch(url, session, payload):
    # ruleid: conformance.python.metavar-receiver-method
    requests.get(url, verify=False)
    # ruleid: conformance.python.metavar-receiver-method
    session.post(url, data=payload, verify=False, timeout=5)
    # ok: conformance.python.metavar-receiver-method
    get(url, verify=False)
    # ok: conformance.python.metavar-receiver-method
    requests.get(url, verify=True)
    # ok: conformance.python.metavar-receiver-method
    requests.get(url)
    # ok: conformance.python.metavar-receiver-method
    session.post(url, data=payload)
