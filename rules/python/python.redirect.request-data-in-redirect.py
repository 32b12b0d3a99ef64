from flask import redirect, request, url_for


def after_login():
    # ruleid: python.redirect.request-data-in-redirect
    return redirect(request.args.get("next"))


def go():
    # ruleid: python.redirect.request-data-in-redirect
    return redirect(request.form["url"], code=302)


def back():
    # ruleid: python.redirect.request-data-in-redirect
    return redirect(request.args.get("next") or "/")


def safe():
    # ok: python.redirect.request-data-in-redirect
    a = redirect(url_for("index"))
    # ok: python.redirect.request-data-in-redirect
    b = redirect("/home")
    # ok: python.redirect.request-data-in-redirect
    c = redirect(url_for("profile", user=request.args.get("user")))
    return a, b, c
