import jinja2
from flask import render_template_string, request


def hello():
    # ruleid: python.injection.template-from-string
    return render_template_string("<h1>Hello " + request.args["name"] + "</h1>")


def preview(env: jinja2.Environment, source):
    # ruleid: python.injection.template-from-string
    t = env.from_string(source)
    # ruleid: python.injection.template-from-string
    u = jinja2.Template(f"Dear {request.form['name']},")
    return t, u


def safe():
    # ok: python.injection.template-from-string
    a = render_template_string("<h1>Hello {{ name }}</h1>", name=request.args["name"])
    # ok: python.injection.template-from-string
    b = jinja2.Template("Dear {{ name }},").render(name=request.form["name"])
    # ok: python.injection.template-from-string
    c = JsonPatch.from_string(request.data)
    return a, b, c
