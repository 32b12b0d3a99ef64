# ok: conformance.python.focus-mv-param
def collect(
    name,
    # ruleid: conformance.python.focus-mv-param
    items=[],
    flag=None,
):
    return items


# ruleid: conformance.python.focus-mv-param
def tally(counts=[]):
    return counts


# ok: conformance.python.focus-mv-param
def fine(items=None, other=()):
    return items
