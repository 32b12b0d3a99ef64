"""Tiny admin API for the demo shop (deliberately vulnerable)."""
import base64
import json
import os
import pickle
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/admin/ping")
def ping():
    host = request.args.get("host", "localhost")
    # VULNERABLE: shell command built from a query parameter
    os.system("ping -c 1 " + host)
    return "ok"


@app.route("/admin/traceroute")
def traceroute():
    host = request.args.get("host", "localhost")
    # safe: argument list, no shell
    out = subprocess.run(["traceroute", host], capture_output=True, check=False)
    return out.stdout


@app.route("/cart")
def cart():
    raw = request.cookies.get("cart", "")
    # VULNERABLE: unpickling a cookie
    items = pickle.loads(base64.b64decode(raw))
    return json.dumps(items)


@app.route("/health")
def health():
    # safe: constant command
    os.system("uptime")
    # safe: JSON, not pickle
    return json.loads('{"status": "ok"}')
