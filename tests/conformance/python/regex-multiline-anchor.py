# ruleid: conformance.python.regex-multiline-anchor
from os import *
# ruleid: conformance.python.regex-multiline-anchor
from os.path import *
# ok: conformance.python.regex-multiline-anchor
from os import path
note = "from os import *"
# ok: conformance.python.regex-multiline-anchor
star = "x"
