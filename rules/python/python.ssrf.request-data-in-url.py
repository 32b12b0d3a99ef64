import urllib.request

import requests
from flask import request


def fetch():
    # ruleid: python.ssrf.request-data-in-url
    a = requests.get(request.args["url"], timeout=5)
    # ruleid: python.ssrf.request-data-in-url
    b = urllib.request.urlopen("http://" + request.form.get("host") + "/status")
    # ok: python.ssrf.request-data-in-url
    c = requests.get("https://api.example.com/status", params={"q": request.args.get("q")})
    # ok: python.ssrf.request-data-in-url
    d = requests.post(WEBHOOK_URL, json={"user": request.form["user"]})
    return a, b, c, d
