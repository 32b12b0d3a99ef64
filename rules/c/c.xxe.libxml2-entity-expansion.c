#include <libxml/parser.h>

xmlDocPtr parse(const char *buf, int len, xmlParserCtxtPtr ctxt) {
    // ruleid: c.xxe.libxml2-entity-expansion
    xmlDocPtr a = xmlReadMemory(buf, len, "in.xml", NULL, XML_PARSE_NOENT | XML_PARSE_DTDLOAD);
    // ruleid: c.xxe.libxml2-entity-expansion
    xmlCtxtUseOptions(ctxt, XML_PARSE_DTDLOAD);
    // ok: c.xxe.libxml2-entity-expansion
    xmlDocPtr b = xmlReadMemory(buf, len, "in.xml", NULL, XML_PARSE_NONET);
    // ok: c.xxe.libxml2-entity-expansion
    xmlDocPtr c = xmlReadMemory(buf, len, "in.xml", NULL, 0);
    xmlFreeDoc(b);
    xmlFreeDoc(c);
    return a;
}
