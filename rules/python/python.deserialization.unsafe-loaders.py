import json
import marshal

import jsonpickle
import numpy as np
import torch


def load(blob, path):
    # ruleid: python.deserialization.unsafe-loaders
    a = marshal.loads(blob)
    # ruleid: python.deserialization.unsafe-loaders
    b = jsonpickle.decode(blob)
    # ruleid: python.deserialization.unsafe-loaders
    c = torch.load(path)
    # ruleid: python.deserialization.unsafe-loaders
    d = np.load(path, allow_pickle=True)
    return a, b, c, d


def safe(blob, path):
    # ok: python.deserialization.unsafe-loaders
    a = json.loads(blob)
    # ok: python.deserialization.unsafe-loaders
    b = np.load(path, allow_pickle=False)
    # ok: python.deserialization.unsafe-loaders
    c = torch.load(path, weights_only=True)
    # ok: python.deserialization.unsafe-loaders
    d = jsonpickle.encode(blob)
    return a, b, c, d
