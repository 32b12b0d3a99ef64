def save(db, rows):
    for row in rows:
        db.add(row)
        # ruleid: conformance.python.pattern-inside-loop
        db.commit()
    # ok: conformance.python.pattern-inside-loop
    db.commit()


def save_some(session, rows):
    for row in rows:
        if row.dirty:
            # ruleid: conformance.python.pattern-inside-loop
            session.commit()


def save_while(db, n):
    while n > 0:
        # ok: conformance.python.pattern-inside-loop
        db.commit()
        n -= 1
