import yaml
from yaml import SafeLoader


def load(text):
    # ruleid: python.deserialization.yaml-unsafe-load
    a = yaml.load(text)
    # ruleid: python.deserialization.yaml-unsafe-load
    b = yaml.load(text, Loader=yaml.Loader)
    # ruleid: python.deserialization.yaml-unsafe-load
    c = yaml.unsafe_load(text)
    return a, b, c


def safe(text):
    # ok: python.deserialization.yaml-unsafe-load
    a = yaml.safe_load(text)
    # ok: python.deserialization.yaml-unsafe-load
    b = yaml.load(text, Loader=yaml.SafeLoader)
    # ok: python.deserialization.yaml-unsafe-load
    c = yaml.load(text, Loader=SafeLoader)
    # ok: python.deserialization.yaml-unsafe-load
    d = yaml.dump(text)
    return a, b, c, d
