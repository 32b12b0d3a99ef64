const axios = require("axios");

app.get("/proxy", async (req, res) => {
  // ruleid: javascript.ssrf.request-data-in-url
  const a = await fetch(req.query.url);
  // ruleid: javascript.ssrf.request-data-in-url
  const b = await axios.get(`http://${req.body.host}/status`);
  // ok: javascript.ssrf.request-data-in-url
  const c = await axios.post("https://api.example.com/events", req.body);
  // ok: javascript.ssrf.request-data-in-url
  const d = await fetch("https://api.example.com/search?q=" + encodeURIComponent(req.query.q), { method: "GET" });
  res.json([a, b, c, d].length);
});
