import json
import marshal
import pickle


def load(blob):
    # ruleid: conformance.python.either-calls
    a = pickle.loads(blob)
    # ruleid: conformance.python.either-calls
    b = marshal.loads(blob)
    # ok: conformance.python.either-calls
    c = json.loads(blob)
    # ok: conformance.python.either-calls
    d = pickle.dumps(blob)
    return a, b, c, d
