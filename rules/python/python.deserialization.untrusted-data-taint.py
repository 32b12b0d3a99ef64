import base64
import pickle

import yaml
from flask import request


def cookie_state():
    raw = request.cookies.get("state")
    # ruleid: python.deserialization.untrusted-data-taint
    return pickle.loads(base64.urlsafe_b64decode(raw))


def config_upload():
    body = request.get_data()
    # ruleid: python.deserialization.untrusted-data-taint
    yaml.load(body, Loader=yaml.Loader)
    # ok: python.deserialization.untrusted-data-taint
    yaml.safe_load(body)


def constant_blob():
    blob = pickle.dumps({"a": 1})
    # ok: python.deserialization.untrusted-data-taint
    return pickle.loads(blob)


def keyed():
    cfg = {}
    cfg["keyA"] = "safe"
    cfg["keyB"] = request.args.get("p")
    # ok: python.deserialization.untrusted-data-taint
    pickle.loads(cfg["keyA"])
    # ruleid: python.deserialization.untrusted-data-taint
    pickle.loads(cfg["keyB"])


def dead():
    data = b"fixed"
    if False:
        data = request.args.get("p")
    # ok: python.deserialization.untrusted-data-taint
    pickle.loads(data)
