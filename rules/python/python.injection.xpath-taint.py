from lxml import etree
from flask import request

def lookup(tree):
    user = request.args.get("user")
    query = "//user[name/text()='" + user + "']"
    # ruleid: python.injection.xpath-taint
    tree.xpath(query)
    # ok: python.injection.xpath-taint
    tree.xpath("//user[name/text()=$name]", name=user)
    # ok: python.injection.xpath-taint
    tree.xpath("//user")

def lookup2(root):
    parts = []
    parts.append(request.form.get("p"))
    for p in parts:
        # ruleid: python.injection.xpath-taint
        root.findall("./item[@id='" + p + "']")

class RequestView:
    def __init__(self, request):
        self.request = request

    def param(self, name):
        return self.request.form.get(name)

    def fixed(self, name):
        return "1"

def lookup3(tree, req):
    view = RequestView(req)
    q = "//user[@id='" + view.param("id") + "']"
    # ruleid: python.injection.xpath-taint
    tree.xpath(q)
    safe = "//user[@id='" + view.fixed("id") + "']"
    # ok: python.injection.xpath-taint
    tree.xpath(safe)


def quote_guard(tree):
    user = request.args.get("user")
    if "'" in user:
        return "no quotes"
    # ok: python.injection.xpath-taint
    tree.xpath(f"//user[@name='{user}']")


def quote_guard_that_does_not_stop(tree):
    user = request.args.get("user")
    if "'" in user:
        print("quotes")
    # ruleid: python.injection.xpath-taint
    tree.xpath(f"//user[@name='{user}']")


def other_character_guard(tree):
    user = request.args.get("user")
    if "<" in user:
        raise ValueError(user)
    # ruleid: python.injection.xpath-taint
    tree.xpath(f"//user[@name='{user}']")


def with_elementpath(root):
    import elementpath
    user = request.args.get("user")
    # ruleid: python.injection.xpath-taint
    elementpath.select(root, f"//user[@name='{user}']")
    # ok: python.injection.xpath-taint
    elementpath.select(root, "//user[@name=$name]", variables={"name": user})


def quote_replaced(tree):
    user = request.args.get("user")
    # ok: python.injection.xpath-taint
    tree.xpath(f"//user[@name='{user.replace("'", "&apos;")}']")
    # ruleid: python.injection.xpath-taint
    tree.xpath(f"//user[@name='{user.replace("<", "&lt;")}']")
