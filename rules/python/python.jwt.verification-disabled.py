import jwt


def user(token, key):
    # ruleid: python.jwt.verification-disabled
    a = jwt.decode(token, options={"verify_signature": False})
    # ruleid: python.jwt.verification-disabled
    b = jwt.decode(token, key, verify=False)
    # ruleid: python.jwt.verification-disabled
    c = jwt.decode(token, key, algorithms=["HS256", "none"])
    return a, b, c


def safe(token, key):
    # ok: python.jwt.verification-disabled
    a = jwt.decode(token, key, algorithms=["HS256"])
    # ok: python.jwt.verification-disabled
    b = jwt.decode(token, key, algorithms=["RS256"], options={"verify_exp": False})
    return a, b
