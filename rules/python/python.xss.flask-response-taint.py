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


def django_views(request):
    from django.template import Context, Template
    c = Context({"data": request.POST["value"]})
    t = Template("Viewing page. With data {{ data }}.")
    # ok: python.xss.flask-response-taint
    a = HttpResponse(t.render(c))
    # ok: python.xss.flask-response-taint
    b = HttpResponse(request.body, content_type="text/plain; charset=utf-8")
    # ruleid: python.xss.flask-response-taint
    d = HttpResponse("Hello %s!" % request.GET.get("name"))
    return a, b, d


def django_rendered(request):
    from django.template import loader
    using = request.GET.get("using")
    # Django templates escape what they render, whatever engine the caller names.
    content = loader.render_to_string("page.html", {"q": request.GET.get("q")}, request, using=using)
    # ok: python.xss.flask-response-taint
    return HttpResponse(content)
