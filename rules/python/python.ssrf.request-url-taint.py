import urllib.request

import httpx
import requests
from flask import request

DEBUG = False


def direct():
    # ruleid: python.ssrf.request-url-taint
    return requests.get(request.args["url"]).text


def through_variables():
    host = request.form["host"]
    url = "http://" + host + "/status"
    # ruleid: python.ssrf.request-url-taint
    return urllib.request.urlopen(url).read()


def fstring(req):
    svc = req.GET["service"]
    # ruleid: python.ssrf.request-url-taint
    return httpx.post(f"http://{svc}.internal/api", json={})


def through_list():
    urls = []
    urls.append(request.get_json()["callback"])
    for u in urls:
        # ruleid: python.ssrf.request-url-taint
        requests.post(u, data="done")


def through_dict():
    hook = {"url": request.headers["X-Webhook"]}
    # ruleid: python.ssrf.request-url-taint
    requests.put(hook["url"], data="x")


def fixed_host():
    path = request.args["id"]
    # ok: python.ssrf.request-url-taint
    return requests.get("https://api.example.com/items", params={"id": path})


def sanitized():
    item = int(request.args["id"])
    # ok: python.ssrf.request-url-taint
    return requests.get("https://api.example.com/items/%d" % item)


def dead_branch():
    url = "https://api.example.com"
    if False:
        url = request.args["url"]
    # ok: python.ssrf.request-url-taint
    return requests.get(url)


def overwritten():
    url = request.args["url"]
    url = "https://api.example.com"
    # ok: python.ssrf.request-url-taint
    return requests.get(url)


def fetch(u):
    # ruleid: python.ssrf.request-url-taint
    return requests.get(u, timeout=5)


def calls_sink():
    return fetch(request.values["u"])
