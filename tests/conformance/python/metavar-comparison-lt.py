def main(app, p):
    # ruleid: conformance.python.metavar-comparison-lt
    app.run(port=80)
    # ruleid: conformance.python.metavar-comparison-lt
    app.run(host="0.0.0.0", port=443)
    # ok: conformance.python.metavar-comparison-lt
    app.run(port=8080)
    # ok: conformance.python.metavar-comparison-lt
    app.run(port=1024)
    # ok: conformance.python.metavar-comparison-lt
    app.run(port=p)
