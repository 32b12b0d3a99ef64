# ruleid: conformance.python.ellipsis-class-body
class Handle:
    def open(self):
        pass

    def __del__(self):
        self.release()


# ok: conformance.python.ellipsis-class-body
class Plain:
    def __init__(self):
        self.x = 1


# ruleid: conformance.python.ellipsis-class-body
class Minimal:
    def __del__(self):
        pass


# ok: conformance.python.ellipsis-class-body
class Other:
    def __delete__(self, inst):
        pass
