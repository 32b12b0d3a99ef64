# ruleid: conformance.python.not-regex-lookbehind
DEBUG = True
# allowed: DEBUG = True
VERBOSE = True
