import pickle


def loader(blob):
    # ruleid: conformance.python.either-inside-mixed
    return pickle.loads(blob)


def unsafe_loader(blob):
    # ruleid: conformance.python.either-inside-mixed
    return decode(blob)


def safe(blob):
    # ok: conformance.python.either-inside-mixed
    return decode(blob)
