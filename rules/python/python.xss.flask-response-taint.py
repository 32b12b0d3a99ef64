import html
from flask import Flask, request, make_response, render_template_string

app = Flask(__name__)

@app.route("/a")
def direct():
    name = request.args.get("name")
    # ruleid: python.xss.flask-response-taint
    return f"<p>Hello {name}</p>"

@app.route("/b")
def built():
    body = ""
    body += "<p>" + request.form.get("q", "") + "</p>"
    # ruleid: python.xss.flask-response-taint
    return make_response(body)

@app.route("/c")
def escaped():
    name = html.escape(request.args.get("name", ""))
    # ok: python.xss.flask-response-taint
    return f"<p>{name}</p>"

@app.route("/d")
def constant():
    # ok: python.xss.flask-response-taint
    return "<p>static</p>"

@app.route("/e")
def dead():
    text = "fixed"
    if False:
        text = request.args.get("t")
    # ok: python.xss.flask-response-taint
    return text

@app.route("/f")
def template():
    tpl = request.args.get("tpl")
    # ruleid: python.xss.flask-response-taint
    return render_template_string(tpl)

def not_a_route(value):
    # ok: python.xss.flask-response-taint
    return value

@app.route("/g")
def header_value():
    ref = request.headers.get("Referer")
    body = "The value is in a header."
    # ok: python.xss.flask-response-taint
    resp = make_response((body, {"X-Ref": ref}))
    # ok: python.xss.flask-response-taint
    return resp

@app.route("/h")
def body_in_tuple():
    name = request.args.get("name")
    # ruleid: python.xss.flask-response-taint
    resp = make_response((f"<p>{name}</p>", {"X-Kind": "greeting"}))
    return resp

@app.route("/i")
def tuple_return():
    name = request.args.get("name")
    # ruleid: python.xss.flask-response-taint
    return f"<p>{name}</p>", 200, {"X-Name": "x"}
