#include <libxml/parser.h>

xmlDocPtr parse(const char *buf, int len, xmlParserCtxtPtr ctxt) {
    // ruleid: cpp.xxe.libxml2-entity-expansion
    xmlDocPtr a = xmlReadMemory(buf, len, "in.xml", nullptr, XML_PARSE_NOENT | XML_PARSE_DTDLOAD);
    // ruleid: cpp.xxe.libxml2-entity-expansion
    xmlCtxtUseOptions(ctxt, XML_PARSE_DTDLOAD);
    // ok: cpp.xxe.libxml2-entity-expansion
    xmlDocPtr b = xmlReadMemory(buf, len, "in.xml", nullptr, XML_PARSE_NONET);
    // ok: cpp.xxe.libxml2-entity-expansion
    xmlDocPtr c = xmlReadMemory(buf, len, "in.xml", nullptr, 0);
    xmlFreeDoc(b);
    xmlFreeDoc(c);
    return a;
}
