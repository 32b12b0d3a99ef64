class Point:
    def __init__(self, x, y):
        # ruleid: conformance.python.metavar-repeat-assign
        self.x = self.x
        # ok: conformance.python.metavar-repeat-assign
        self.y = y
        # ruleid: conformance.python.metavar-repeat-assign
        x = x
        # ok: conformance.python.metavar-repeat-assign
        y = x
        # ok: conformance.python.metavar-repeat-assign
        self.x = x
