import ssl
import urllib.request


def insecure(url):
    # ruleid: python.tls.unverified-ssl-context
    ctx = ssl._create_unverified_context()
    other = ssl.create_default_context()
    # ruleid: python.tls.unverified-ssl-context
    other.check_hostname = False
    # ruleid: python.tls.unverified-ssl-context
    other.verify_mode = ssl.CERT_NONE
    return urllib.request.urlopen(url, context=ctx)


def safe(url):
    ctx = ssl.create_default_context()
    # ok: python.tls.unverified-ssl-context
    ctx.check_hostname = True
    # ok: python.tls.unverified-ssl-context
    ctx.verify_mode = ssl.CERT_REQUIRED
    return urllib.request.urlopen(url, context=ctx)
