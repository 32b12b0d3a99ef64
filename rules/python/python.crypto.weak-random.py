import random
import secrets


def reset_token():
    # ruleid: python.crypto.weak-random
    return "%08x" % random.getrandbits(32)


def pin():
    # ruleid: python.crypto.weak-random
    return str(random.randint(0, 999999)).zfill(6)


def nonce():
    # ruleid: python.crypto.weak-random
    return str(random.normalvariate(0, 1))[2:]


def session_id(alphabet):
    # ruleid: python.crypto.weak-random
    return "".join(random.choice(alphabet) for _ in range(24))


def safe(alphabet):
    # ok: python.crypto.weak-random
    a = secrets.token_hex(16)
    # ok: python.crypto.weak-random
    b = random.SystemRandom().randint(0, 9)
    # ok: python.crypto.weak-random
    c = secrets.choice(alphabet)
    # ok: python.crypto.weak-random
    random.seed(42)
    return a, b, c
