import os

from flask import request, send_file
from werkzeug.utils import secure_filename

UPLOADS = "/srv/uploads"


def read():
    # ruleid: python.path-traversal.request-data-in-open
    with open(os.path.join(UPLOADS, request.args.get("name"))) as fh:
        return fh.read()


def download():
    # ruleid: python.path-traversal.request-data-in-open
    return send_file(UPLOADS + "/" + request.args["file"])


def remove():
    # ruleid: python.path-traversal.request-data-in-open
    os.remove(request.form["path"])


def safe():
    # ok: python.path-traversal.request-data-in-open
    a = open(os.path.join(UPLOADS, secure_filename(request.args.get("name"))))
    # ok: python.path-traversal.request-data-in-open
    b = open(os.path.join(UPLOADS, os.path.basename(request.args["name"])))
    # ok: python.path-traversal.request-data-in-open
    c = open("static/index.html")
    return a, b, c
