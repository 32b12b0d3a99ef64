import xml.sax
from xml.sax.handler import feature_external_ges

from lxml import etree


def parse(body):
    # ruleid: python.xxe.parser-resolves-entities
    p1 = etree.XMLParser(resolve_entities=True)
    # ruleid: python.xxe.parser-resolves-entities
    p2 = etree.XMLParser(load_dtd=True, no_network=False)
    sax = xml.sax.make_parser()
    # ruleid: python.xxe.parser-resolves-entities
    sax.setFeature(feature_external_ges, True)
    return etree.fromstring(body, p1), p2


def safe(body):
    # ok: python.xxe.parser-resolves-entities
    p = etree.XMLParser(resolve_entities=False, no_network=True)
    sax = xml.sax.make_parser()
    # ok: python.xxe.parser-resolves-entities
    sax.setFeature(feature_external_ges, False)
    return etree.fromstring(body, p)
