def from_input(db):
    q = db.query()
    q.where_raw(input())
    # ruleid: conformance.python.taint-labels-propagator
    q.execute()


def from_config(db):
    q = db.query()
    q.where_raw(read_config())
    # ok: conformance.python.taint-labels-propagator
    q.execute()


def input_not_through_the_propagator(db):
    q = input()
    # ok: conformance.python.taint-labels-propagator
    q.execute()
