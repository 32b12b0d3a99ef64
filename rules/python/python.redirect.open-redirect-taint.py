from django.http import HttpResponseRedirect
from django.shortcuts import redirect as dj_redirect
from flask import redirect, request, url_for
from starlette.responses import RedirectResponse

DEBUG = False


def direct():
    # ruleid: python.redirect.open-redirect-taint
    return redirect(request.args["next"])


def through_variables():
    target = request.args.get("next", "/")
    url = target
    # ruleid: python.redirect.open-redirect-taint
    return redirect(url)


def string_building():
    host = request.headers.get("X-Forwarded-Host")
    # ruleid: python.redirect.open-redirect-taint
    return redirect(f"https://{host}/login")


def django_view(req):
    nxt = req.GET.get("next")
    # ruleid: python.redirect.open-redirect-taint
    return HttpResponseRedirect(nxt)


async def starlette_view(req):
    # ruleid: python.redirect.open-redirect-taint
    return RedirectResponse(req.query_params["to"])


class State:
    pass


def through_field():
    st = State()
    st.back = request.form["back"]
    st.home = "/"
    # ruleid: python.redirect.open-redirect-taint
    return redirect(st.back) if st.back else redirect(st.home)


def through_dict():
    session = {"return_to": request.cookies.get("rt")}
    # ruleid: python.redirect.open-redirect-taint
    return redirect(session["return_to"])


def fixed_endpoint():
    page = request.args["page"]
    # ok: python.redirect.open-redirect-taint
    return redirect(url_for("show", page=page))


def fixed_endpoint_variable():
    page = request.args["page"]
    target = url_for("show", page=page)
    # ok: python.redirect.open-redirect-taint
    return redirect(target)


def dead_branch():
    url = "/"
    if DEBUG:
        url = request.args["next"]
    # ok: python.redirect.open-redirect-taint
    return redirect(url)


def overwritten():
    url = request.args["next"]
    url = "/home"
    # ok: python.redirect.open-redirect-taint
    return redirect(url)


def go(url):
    # ruleid: python.redirect.open-redirect-taint
    return redirect(url, code=302)


def calls_sink():
    return go(request.values["u"])


def host_allow_list():
    import urllib.parse
    target = request.args.get("next")
    url = urllib.parse.urlparse(target)
    if url.netloc not in ["example.com"] or url.scheme != "https":
        return "invalid"
    # ok: python.redirect.open-redirect-taint
    return redirect(target)


def host_allow_list_positive():
    from urllib.parse import urlparse
    target = request.args.get("next")
    if urlparse(target).hostname == "example.com":
        pass
    parsed = urlparse(target)
    if parsed.hostname in {"example.com", "www.example.com"}:
        # ok: python.redirect.open-redirect-taint
        return redirect(target)
    # ruleid: python.redirect.open-redirect-taint
    return redirect(target)


def host_check_that_does_not_stop():
    import urllib.parse
    target = request.args.get("next")
    url = urllib.parse.urlparse(target)
    if url.netloc not in ["example.com"]:
        print("unknown host")
    # ruleid: python.redirect.open-redirect-taint
    return redirect(target)


def host_allow_list_inside_try():
    import urllib.parse
    target = request.args.get("next")
    try:
        url = urllib.parse.urlparse(target)
        if url.hostname != "example.com":
            raise ValueError("host")
    except ValueError:
        return "invalid"
    # ok: python.redirect.open-redirect-taint
    return redirect(target)


def django_allowed_host(req):
    from django.utils.http import url_has_allowed_host_and_scheme
    target = req.GET.get("next")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={"example.com"}):
        # ok: python.redirect.open-redirect-taint
        return HttpResponseRedirect(target)
    # ruleid: python.redirect.open-redirect-taint
    return HttpResponseRedirect(target)


def back_to_referrer():
    # Back to the page the user came from: the attacker's link already was that page.
    # ok: python.redirect.open-redirect-taint
    return redirect(request.referrer)


def same_page():
    # ok: python.redirect.open-redirect-taint
    return redirect(request.full_path)


def set_language(request):
    next_url = request.POST.get("next", request.GET.get("next"))
    if next_url and not url_has_allowed_host_and_scheme(
        url=next_url, allowed_hosts={request.get_host()}
    ):
        next_url = request.META.get("HTTP_REFERER")
        if not url_has_allowed_host_and_scheme(url=next_url, allowed_hosts={request.get_host()}):
            next_url = "/"
    # Nested re-check of a re-assigned value: the engine does not see the inner check yet.
    # todook: python.redirect.open-redirect-taint
    return HttpResponseRedirect(next_url)


def login_next(request):
    next_url = request.GET.get("next")
    if not url_has_allowed_host_and_scheme(url=next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    # ok: python.redirect.open-redirect-taint
    return HttpResponseRedirect(next_url)


def set_language_unchecked(request):
    next_url = request.POST.get("next")
    if not next_url:
        next_url = "/"
    # ruleid: python.redirect.open-redirect-taint
    return HttpResponseRedirect(next_url)


def local_paths(request):
    query = "?" + urlencode(request.GET, True)
    # ok: python.redirect.open-redirect-taint
    a = HttpResponseRedirect("/get_view/" + query)
    # ok: python.redirect.open-redirect-taint
    b = HttpResponseRedirect("/redirect_to_self/?%s" % urlencode(request.GET))
    # ruleid: python.redirect.open-redirect-taint
    c = HttpResponseRedirect("/" + request.GET["path"])
    # ruleid: python.redirect.open-redirect-taint
    d = HttpResponseRedirect("https://" + request.GET["host"] + "/done")
    return a, b, c, d


def old_django_check(request):
    next_url = request.GET.get("next", "/")
    if not is_safe_url(url=next_url, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect("/")
    # ok: python.redirect.open-redirect-taint
    return HttpResponseRedirect(next_url)


def checked_then_redirected(request):
    target = request.POST.get("next")
    if is_safe_url(target, allowed_hosts=None):
        # ok: python.redirect.open-redirect-taint
        return HttpResponseRedirect(target)
    # ruleid: python.redirect.open-redirect-taint
    return HttpResponseRedirect(target)


def to_a_named_view(request):
    pk = request.GET["pk"]
    # ok: python.redirect.open-redirect-taint
    return redirect(reverse("item-detail", args=[pk]))


def django_meta_targets(request):
    # ok: python.redirect.open-redirect-taint
    a = HttpResponseRedirect(request.META.get("HTTP_REFERER", "/"))
    # ruleid: python.redirect.open-redirect-taint
    b = HttpResponseRedirect(request.META["HTTP_X_NEXT"])
    return a, b


def login_redirect(request):
    redirect_to = request.POST.get("next", request.GET.get("next", ""))
    url_is_safe = url_has_allowed_host_and_scheme(url=redirect_to, allowed_hosts={request.get_host()})
    target = redirect_to if url_is_safe else "/"
    # ok: python.redirect.open-redirect-taint
    a = HttpResponseRedirect(target)
    unchecked = redirect_to if request.user.is_staff else "/"
    # ruleid: python.redirect.open-redirect-taint
    b = HttpResponseRedirect(unchecked)
    return a, b
