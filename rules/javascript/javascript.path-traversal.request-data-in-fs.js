const fs = require("fs");
const path = require("path");

app.get("/file/:name", (req, res) => {
  // ruleid: javascript.path-traversal.request-data-in-fs
  fs.readFile(path.join(UPLOADS, req.params.name), (err, data) => res.send(data));
});

app.get("/dl", (req, res) => {
  // ruleid: javascript.path-traversal.request-data-in-fs
  res.sendFile(__dirname + "/files/" + req.query.file);
});

app.post("/rm", (req, res) => {
  // ruleid: javascript.path-traversal.request-data-in-fs
  fs.unlinkSync(req.body["path"]);
  res.end();
});

app.get("/safe/:name", (req, res) => {
  // ok: javascript.path-traversal.request-data-in-fs
  res.sendFile(req.params.name, { root: UPLOADS });
  // ok: javascript.path-traversal.request-data-in-fs
  fs.readFile(path.join(UPLOADS, path.basename(req.params.name)), () => {});
  // ok: javascript.path-traversal.request-data-in-fs
  fs.readFileSync("config.json");
});
