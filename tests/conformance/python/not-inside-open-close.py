def leak(path):
    # ruleid: conformance.python.not-inside-open-close
    fh = open(path)
    return fh.read()


def closed(path):
    # ok: conformance.python.not-inside-open-close
    fh = open(path)
    text = fh.read()
    fh.close()
    return text


def closes_other(path, log):
    # ruleid: conformance.python.not-inside-open-close
    fh = open(path)
    log.close()
    return fh


def not_open(path):
    # ok: conformance.python.not-inside-open-close
    fh = opener(path)
    return fh
