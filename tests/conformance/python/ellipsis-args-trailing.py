def notify(a, b):
    # ruleid: conformance.python.ellipsis-args-trailing
    emit(None)
    # ruleid: conformance.python.ellipsis-args-trailing
    emit(a, None)
    # ruleid: conformance.python.ellipsis-args-trailing
    emit(a, b, None)
    # ok: conformance.python.ellipsis-args-trailing
    emit(None, a)
    # ok: conformance.python.ellipsis-args-trailing
    emit()
    # ok: conformance.python.ellipsis-args-trailing
    emit(a, b)
