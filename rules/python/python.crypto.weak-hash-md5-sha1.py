import hashlib
from Crypto.Hash import MD5
from cryptography.hazmat.primitives import hashes


def store(password):
    # ruleid: python.crypto.weak-hash-md5-sha1
    return hashlib.md5(password.encode()).hexdigest()


def fingerprint(data):
    # ruleid: python.crypto.weak-hash-md5-sha1
    h = hashlib.new("sha1")
    h.update(data)
    # ruleid: python.crypto.weak-hash-md5-sha1
    other = hashlib.sha1(data)
    # ruleid: python.crypto.weak-hash-md5-sha1
    third = MD5.new(data)
    # ruleid: python.crypto.weak-hash-md5-sha1
    fourth = hashes.Hash(hashes.MD5())
    return h.hexdigest(), other, third, fourth


def safe(data):
    # ok: python.crypto.weak-hash-md5-sha1
    a = hashlib.sha256(data).hexdigest()
    # ok: python.crypto.weak-hash-md5-sha1
    b = hashlib.new("sha512", data)
    # ok: python.crypto.weak-hash-md5-sha1
    c = hashlib.md5(data, usedforsecurity=False).hexdigest()
    # ok: python.crypto.weak-hash-md5-sha1
    d = hashes.Hash(hashes.SHA256())
    return a, b, c, d
