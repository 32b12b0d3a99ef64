from flask import Flask, request, session
import flask

app = Flask(__name__)

@app.route("/login")
def login():
    user = request.args.get("user")
    # ruleid: python.trust-boundary.session-taint
    session["user"] = user
    # ruleid: python.trust-boundary.session-taint
    flask.session["role"] = request.form.get("role")
    # ok: python.trust-boundary.session-taint
    session["count"] = int(request.args.get("n", "0"))
    # ok: python.trust-boundary.session-taint
    session["theme"] = "dark"
    return "ok"

def store(value):
    # ruleid: python.trust-boundary.session-taint
    session["pref"] = value

@app.route("/pref")
def pref():
    store(request.cookies.get("pref"))
    return "ok"


def client_chosen_key():
    name = request.form.get("name")
    # ruleid: python.trust-boundary.session-taint
    session[name] = "12345"
    # ok: python.trust-boundary.session-taint
    session["name"] = "12345"

def django_view(request, message):
    # ruleid: python.trust-boundary.session-taint
    request.session["next"] = request.GET.get("next")
    # ok: python.trust-boundary.session-taint
    request.session["subject"] = message.body
    # ok: python.trust-boundary.session-taint
    request.session["sent"] = message.META
