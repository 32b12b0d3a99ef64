import json


def parse(text):
    # ruleid: conformance.python.not-inside-try
    data = json.loads(text)
    try:
        # ok: conformance.python.not-inside-try
        value = json.loads(text)
    except ValueError:
        value = None
    if data:
        # ruleid: conformance.python.not-inside-try
        return json.loads(data)
    # ok: conformance.python.not-inside-try
    return json.dumps(value)
