import ssl


def legacy():
    # ruleid: python.crypto.insecure-tls-version
    a = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
    ctx = ssl.create_default_context()
    # ruleid: python.crypto.insecure-tls-version
    ctx.minimum_version = ssl.TLSVersion.TLSv1_1
    return a, ctx


def modern():
    # ok: python.crypto.insecure-tls-version
    a = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx = ssl.create_default_context()
    # ok: python.crypto.insecure-tls-version
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return a, ctx
