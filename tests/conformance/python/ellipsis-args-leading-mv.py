def audit(user, action, extra):
    # ruleid: conformance.python.ellipsis-args-leading-mv
    log_event(user)
    # ruleid: conformance.python.ellipsis-args-leading-mv
    log_event(user, action)
    # ruleid: conformance.python.ellipsis-args-leading-mv
    log_event(user, action, extra, level=2)
    # ok: conformance.python.ellipsis-args-leading-mv
    log_event()
    # ok: conformance.python.ellipsis-args-leading-mv
    log_events(user, action)
