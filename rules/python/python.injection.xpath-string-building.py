import elementpath
from lxml import etree


def lookup(root, name, uid):
    query = f"/users/user[@name='{name}']"
    # ruleid: python.injection.xpath-string-building
    a = root.xpath(query)
    # ruleid: python.injection.xpath-string-building
    b = elementpath.select(root, "//user[@id='%s']" % uid)
    # ruleid: python.injection.xpath-string-building
    c = etree.XPath("//user[@name='" + name + "']")
    return a, b, c


def safe(root, name):
    # ok: python.injection.xpath-string-building
    a = root.xpath("/users/user[@name=$name]", name=name)
    # ok: python.injection.xpath-string-building
    b = root.findall(".//user")
    # ok: python.injection.xpath-string-building
    c = root.find("{%s}entry" % NS)
    # ok: python.injection.xpath-string-building
    d = name.find(prefix + "x")
    return a, b, c, d
