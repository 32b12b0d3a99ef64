# ruleid: conformance.python.match-syntax-all-where
f = open("/tmp/cache.txt")
# ok: conformance.python.match-syntax-all-where
g = open("/var/data.txt")
# ok: conformance.python.match-syntax-all-where
with open("/tmp/cache.txt") as h:
    h.read()
