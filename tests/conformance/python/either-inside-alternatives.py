def handle(request):
    data = request.body
    # ruleid: conformance.python.either-inside-alternatives
    eval(data)


def job(payload):
    # ruleid: conformance.python.either-inside-alternatives
    eval(payload)


def helper(text):
    # ok: conformance.python.either-inside-alternatives
    eval(text)
