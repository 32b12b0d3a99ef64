const libxmljs = require("libxmljs");

app.post("/xml", (req, res) => {
  // ruleid: javascript.xxe.libxml-noent
  const doc = libxmljs.parseXml(req.body, { noent: true });
  // ruleid: javascript.xxe.libxml-noent
  const doc2 = libxmljs.parseXmlString(req.body, { dtdload: true, noblanks: true });
  // ok: javascript.xxe.libxml-noent
  const safe = libxmljs.parseXml(req.body, { noent: false, nonet: true });
  // ok: javascript.xxe.libxml-noent
  const plain = libxmljs.parseXml(req.body);
  res.send([doc, doc2, safe, plain].length);
});
