from flask import Flask, make_response

app = Flask(__name__)
# ruleid: python.cookies.set-cookie-httponly-false
app.config["SESSION_COOKIE_HTTPONLY"] = False
# ok: python.cookies.set-cookie-httponly-false
app.config["SESSION_COOKIE_SECURE"] = False


def login(sid):
    resp = make_response("ok")
    # ruleid: python.cookies.set-cookie-httponly-false
    resp.set_cookie("session", sid, secure=True, httponly=False)
    # ok: python.cookies.set-cookie-httponly-false
    resp.set_cookie("session", sid, secure=True, httponly=True)
    # ok: python.cookies.set-cookie-httponly-false
    resp.set_cookie("theme", "dark")
    return resp
