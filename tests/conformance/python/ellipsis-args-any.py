def handler(db, a, b):
    # ruleid: conformance.python.ellipsis-args-any
    run_query()
    # ruleid: conformance.python.ellipsis-args-any
    run_query(a)
    # ruleid: conformance.python.ellipsis-args-any
    run_query(a, b, retries=3)
    # ok: conformance.python.ellipsis-args-any
    run_queries(a)
    # ok: conformance.python.ellipsis-args-any
    callback = run_query
    # ok: conformance.python.ellipsis-args-any
    db.run_query(a)
    return callback
