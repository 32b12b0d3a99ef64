import pickle


def decoded_request():
    obj = pickle.loads(request.get_data())
    # ruleid: conformance.python.taint-labels-source-requires
    run_object(obj)


def decoded_local_file():
    obj = pickle.loads(open("cache.bin", "rb").read())
    # ok: conformance.python.taint-labels-source-requires
    run_object(obj)


def raw_request():
    data = request.get_data()
    # ok: conformance.python.taint-labels-source-requires
    run_object(data)


def run_decoded(x):
    # ruleid: conformance.python.taint-labels-source-requires
    run_object(x)


def decoded_then_passed():
    run_decoded(pickle.loads(request.get_data()))


def run_raw(x):
    # ok: conformance.python.taint-labels-source-requires
    run_object(x)


def raw_then_passed():
    run_raw(request.get_data())
