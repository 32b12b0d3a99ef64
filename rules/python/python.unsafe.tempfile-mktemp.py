import tempfile


def write(data):
    # ruleid: python.unsafe.tempfile-mktemp
    path = tempfile.mktemp()
    # ruleid: python.unsafe.tempfile-mktemp
    other = tempfile.mktemp(suffix=".txt", dir="/tmp")
    with open(path, "w") as fh:
        fh.write(data)
    return other


def safe(data):
    # ok: python.unsafe.tempfile-mktemp
    fd, path = tempfile.mkstemp()
    # ok: python.unsafe.tempfile-mktemp
    with tempfile.NamedTemporaryFile("w") as fh:
        fh.write(data)
    return fd, path
