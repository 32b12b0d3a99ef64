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


def django_meta(request):
    # ruleid: python.trust-boundary.session-taint
    request.session["agent"] = request.META["HTTP_USER_AGENT"]
    # ruleid: python.trust-boundary.session-taint
    request.session["query"] = request.META.get("QUERY_STRING", "")
    # The CSRF middleware and the web server set these entries, not the client.
    # ok: python.trust-boundary.session-taint
    request.session["csrf"] = request.META["CSRF_COOKIE"]
    # ok: python.trust-boundary.session-taint
    request.session["host"] = request.META.get("SERVER_NAME")


def django_login(request):
    user = authenticate(request, username=request.POST["username"], password=request.POST["password"])
    # ok: python.trust-boundary.session-taint
    request.session["user_id"] = user.pk
    digest = hashlib.sha256(request.POST["token"].encode()).hexdigest()
    # ok: python.trust-boundary.session-taint
    request.session["token_hash"] = digest
