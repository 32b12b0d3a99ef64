import random


def token(n):
    # ruleid: conformance.python.either-nested-patterns
    a = random.random()
    # ruleid: conformance.python.either-nested-patterns
    b = random.randint(0, n)
    # ok: conformance.python.either-nested-patterns
    c = random.randint(0, 1)
    # ok: conformance.python.either-nested-patterns
    d = random.choice([1, 2])
    return a, b, c, d
