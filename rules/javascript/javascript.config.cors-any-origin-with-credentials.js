const cors = require("cors");

// ruleid: javascript.config.cors-any-origin-with-credentials
app.use(cors({ origin: true, credentials: true }));
// ruleid: javascript.config.cors-any-origin-with-credentials
app.use(cors({ credentials: true, maxAge: 600, origin: "*" }));

app.use((req, res, next) => {
  // ruleid: javascript.config.cors-any-origin-with-credentials
  res.setHeader("Access-Control-Allow-Origin", req.headers.origin);
  res.setHeader("Access-Control-Allow-Credentials", "true");
  next();
});

// ok: javascript.config.cors-any-origin-with-credentials
app.use(cors({ origin: ["https://app.example.com"], credentials: true }));
// ok: javascript.config.cors-any-origin-with-credentials
app.use(cors({ origin: "*" }));
