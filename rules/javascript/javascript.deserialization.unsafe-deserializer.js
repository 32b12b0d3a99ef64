const serialize = require("node-serialize");
const yaml = require("js-yaml");

app.get("/profile", (req, res) => {
  const raw = Buffer.from(req.cookies.profile, "base64").toString();
  // ruleid: javascript.deserialization.unsafe-deserializer
  const profile = serialize.unserialize(raw);
  // ruleid: javascript.deserialization.unsafe-deserializer
  const doc = yaml.load(req.body, { schema: yaml.DEFAULT_FULL_SCHEMA });
  // ok: javascript.deserialization.unsafe-deserializer
  const safe = JSON.parse(raw);
  // ok: javascript.deserialization.unsafe-deserializer
  const safeDoc = yaml.load(req.body, { schema: yaml.JSON_SCHEMA });
  // ok: javascript.deserialization.unsafe-deserializer
  const out = serialize.serialize(safe);
  res.json([profile, doc, safeDoc, out]);
});

function other(input) {
  // ruleid: javascript.deserialization.unsafe-deserializer
  return require("node-serialize").unserialize(input);
}
