from flask import make_response


def login(sid):
    resp = make_response("ok")
    # ruleid: python.cookies.set-cookie-without-secure
    resp.set_cookie("session", sid)
    # ruleid: python.cookies.set-cookie-without-secure
    resp.set_cookie("session", sid, httponly=True, secure=False)
    # ok: python.cookies.set-cookie-without-secure
    resp.set_cookie("session", sid, secure=True, httponly=True)
    # ok: python.cookies.set-cookie-without-secure
    resp.set_cookie("session", sid, max_age=3600, secure=True)
    # ok: python.cookies.set-cookie-without-secure
    resp.delete_cookie("old")
    # ok: python.cookies.set-cookie-without-secure
    jar.set_cookie(cookie)
    # ok: python.cookies.set-cookie-without-secure
    resp.set_cookie("session", sid, secure=app.config["SESSION_COOKIE_SECURE"])
    return resp
