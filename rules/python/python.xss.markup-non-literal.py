from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from markupsafe import Markup


def bio(user):
    # ruleid: python.xss.markup-non-literal
    a = mark_safe("<b>%s</b>" % user.bio)
    # ruleid: python.xss.markup-non-literal
    b = Markup("<i>" + user.name + "</i>")
    # ok: python.xss.markup-non-literal
    c = mark_safe("<hr/>")
    # ok: python.xss.markup-non-literal
    d = format_html("<b>{}</b>", user.bio)
    # ok: python.xss.markup-non-literal
    e = mark_safe(escape(user.bio))
    # ruleid: python.xss.markup-non-literal
    f = Markup(f"<a href='{user.url}'>link</a>")
    return a, b, c, d, e
