import xml.dom.minidom
import xml.sax
import xml.sax.handler
from xml.sax.handler import feature_external_ges

from flask import request
from lxml import etree


def lxml_resolving():
    parser = etree.XMLParser(resolve_entities=True)
    # ruleid: python.xxe.parser-resolves-entities-taint
    return etree.fromstring(request.data, parser)


def lxml_network(req):
    body = req.body
    parser = etree.XMLParser(load_dtd=True, no_network=False)
    # ruleid: python.xxe.parser-resolves-entities-taint
    return etree.fromstring(body, parser=parser)


def lxml_trusted_file():
    parser = etree.XMLParser(resolve_entities=True)
    with open("/etc/app/config.xml", "rb") as f:
        # ok: python.xxe.parser-resolves-entities-taint
        return etree.fromstring(f.read(), parser)


def lxml_safe_parser():
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    # ok: python.xxe.parser-resolves-entities-taint
    return etree.fromstring(request.data, parser)


def sax_external_entities():
    doc = request.form.get("doc")
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_external_ges, True)
    # ruleid: python.xxe.parser-resolves-entities-taint
    return xml.dom.minidom.parseString(doc, parser)


def sax_default_features():
    doc = request.form.get("doc")
    parser = xml.sax.make_parser()
    # ok: python.xxe.parser-resolves-entities-taint
    return xml.dom.minidom.parseString(doc, parser)


def sax_constant_document():
    doc = request.form.get("doc")
    limit = 106
    text = "<a/>" if 7 * 18 + limit > 200 else doc
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    # ok: python.xxe.parser-resolves-entities-taint
    return xml.dom.minidom.parseString(text, parser)
