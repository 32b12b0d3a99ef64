def grant(user, role):
    # ruleid: conformance.python.equiv-string-quotes
    set_role("admin")
    # ruleid: conformance.python.equiv-string-quotes
    set_role('admin')
    # ok: conformance.python.equiv-string-quotes
    set_role("Admin")
    # ok: conformance.python.equiv-string-quotes
    set_role("admin ")
    # ok: conformance.python.equiv-string-quotes
    set_role(role)
