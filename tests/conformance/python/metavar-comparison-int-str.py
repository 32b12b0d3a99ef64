def cfg():
    # ruleid: conformance.python.metavar-comparison-int-str
    set_timeout("600")
    # ruleid: conformance.python.metavar-comparison-int-str
    set_timeout(301)
    # ok: conformance.python.metavar-comparison-int-str
    set_timeout("30")
    # ok: conformance.python.metavar-comparison-int-str
    set_timeout(300)
