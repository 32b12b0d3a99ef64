import requests


def fetch(url):
    # ruleid: conformance.python.focus-mv-kwarg
    requests.get(url, verify=False)
    # ok: conformance.python.focus-mv-kwarg
    requests.get(
        url,
        timeout=3,
        # ruleid: conformance.python.focus-mv-kwarg
        verify=False,
    )
    # ok: conformance.python.focus-mv-kwarg
    requests.get(url, verify=True)
