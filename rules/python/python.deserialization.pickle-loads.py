import base64
import json
import pickle


def load_session(cookie):
    # ruleid: python.deserialization.pickle-loads
    return pickle.loads(base64.b64decode(cookie))


def load_file(path):
    with open(path, "rb") as fh:
        # ruleid: python.deserialization.pickle-loads
        return pickle.load(fh)


def nested(path):
    # ruleid: python.deserialization.pickle-loads
    return pickle.load(
        # ok: python.deserialization.pickle-loads
        open(path, "rb")
    )


def safe(cookie, obj):
    # ok: python.deserialization.pickle-loads
    data = json.loads(cookie)
    # ok: python.deserialization.pickle-loads
    blob = pickle.dumps(obj)
    # ok: python.deserialization.pickle-loads
    json.load(open("config.json"))
    return data, blob
