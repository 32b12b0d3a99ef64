import * as libxmljs from "libxmljs";

export function parse(body: string): libxmljs.Document[] {
  // ruleid: typescript.xxe.libxml-noent
  const a = libxmljs.parseXml(body, { noent: true });
  // ruleid: typescript.xxe.libxml-noent
  const b = libxmljs.parseXmlString(body, { dtdload: true });
  // ok: typescript.xxe.libxml-noent
  const c = libxmljs.parseXml(body, { noent: false });
  // ok: typescript.xxe.libxml-noent
  const d = libxmljs.parseXml(body);
  return [a, b, c, d];
}
