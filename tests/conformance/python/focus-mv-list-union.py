login(
    # ruleid: conformance.python.focus-mv-list-union
    "admin",
    # ruleid: conformance.python.focus-mv-list-union
    "hunter2",
    # ok: conformance.python.focus-mv-list-union
    "db.internal",
)
