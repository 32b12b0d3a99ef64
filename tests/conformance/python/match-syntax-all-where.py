# ruleid: conformance.python.match-syntax-all-where
f = open("/scratch/cache.txt")
# ok: conformance.python.match-syntax-all-where
g = open("/var/data.txt")
# ok: conformance.python.match-syntax-all-where
with open("/scratch/cache.txt") as h:
    h.read()
