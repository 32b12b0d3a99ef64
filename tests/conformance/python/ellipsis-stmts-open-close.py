def copy(src, dst):
    # ruleid: conformance.python.ellipsis-stmts-open-close
    fh = open(src)
    data = fh.read()
    fh.close()
    return data


def write_all(dst, lines):
    # ruleid: conformance.python.ellipsis-stmts-open-close
    out = open(dst, "w")
    for line in lines:
        out.write(line)
    out.close()


def reversed_order(src, other):
    other.close()
    # ok: conformance.python.ellipsis-stmts-open-close
    other = open(src)
    return other


def wrong_var(src, log):
    # ok: conformance.python.ellipsis-stmts-open-close
    fh = open(src)
    log.close()
    return fh
