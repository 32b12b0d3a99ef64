from Crypto.Cipher import AES, ARC4, DES, DES3
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def legacy(key, iv, data):
    # ruleid: python.crypto.weak-cipher
    c1 = DES.new(key, DES.MODE_CBC, iv)
    # ruleid: python.crypto.weak-cipher
    c2 = ARC4.new(key)
    # ruleid: python.crypto.weak-cipher
    c3 = AES.new(key, AES.MODE_ECB)
    # ruleid: python.crypto.weak-cipher
    c4 = Cipher(algorithms.TripleDES(key), modes.CBC(iv))
    # ruleid: python.crypto.weak-cipher
    c5 = Cipher(algorithms.AES(key), modes.ECB())
    return c1, c2, c3, c4, c5


def modern(key, nonce, iv):
    # ok: python.crypto.weak-cipher
    c1 = AES.new(key, AES.MODE_GCM, nonce=nonce)
    # ok: python.crypto.weak-cipher
    c2 = Cipher(algorithms.AES(key), modes.GCM(iv))
    # ok: python.crypto.weak-cipher
    c3 = Cipher(algorithms.ChaCha20(key, nonce), mode=None)
    return c1, c2, c3
