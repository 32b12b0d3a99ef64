import os

from flask import Flask

app = Flask(__name__)
# ruleid: python.config.flask-debug
app.config["DEBUG"] = True
# ruleid: python.config.flask-debug
app.debug = True
# ok: python.config.flask-debug
app.config["TESTING"] = True

if __name__ == "__main__":
    # ruleid: python.config.flask-debug
    app.run(host="0.0.0.0", port=5000, debug=True)
    # ok: python.config.flask-debug
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
    # ok: python.config.flask-debug
    app.run(debug=False)


def run_suite(test_suite, result, engine):
    # ok: python.config.flask-debug
    test_suite.run(result, debug=True)
    # ok: python.config.flask-debug
    engine.debug = True


class Server:
    def start(self):
        # ruleid: python.config.flask-debug
        self.app.run(port=8000, debug=True)
