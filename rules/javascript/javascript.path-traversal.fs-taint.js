const express = require("express");
const fs = require("fs");
const path = require("path");

const app = express();
const BASE = "/srv/uploads/";
const DEBUG = false;

app.get("/file", (req, res) => {
  // ruleid: javascript.path-traversal.fs-taint
  fs.readFile(BASE + req.query.name, (e, data) => res.send(data));
});

app.get("/dl/:name", (req, res) => {
  const name = req.params.name;
  const full = path.join(BASE, name);
  // ruleid: javascript.path-traversal.fs-taint
  res.sendFile(full);
});

app.post("/save", (req, res) => {
  const dest = `${BASE}/${req.body.user}/avatar.png`;
  // ruleid: javascript.path-traversal.fs-taint
  fs.writeFileSync(dest, req.body.data);
});

app.get("/stream", (req, res) => {
  const upload = { dir: BASE };
  upload.file = req.cookies.last;
  // ruleid: javascript.path-traversal.fs-taint
  fs.createReadStream(upload.dir + upload.file).pipe(res);
  // ok: javascript.path-traversal.fs-taint
  fs.createReadStream(upload.dir + "index.html").pipe(res);
});

app.post("/cleanup", (req, res) => {
  const victims = [];
  victims.push(req.body.path);
  for (const p of victims) {
    // ruleid: javascript.path-traversal.fs-taint
    fs.unlinkSync(p);
  }
});

function cli() {
  // ok: javascript.path-traversal.fs-taint
  fs.rmSync(process.argv[2], { recursive: true });
}

app.get("/base", (req, res) => {
  const name = path.basename(req.query.name);
  // ok: javascript.path-traversal.fs-taint
  fs.readFile(path.join(BASE, name), () => {});
});

app.get("/dead", (req, res) => {
  let name = "index.html";
  if (DEBUG) {
    name = req.query.name;
  }
  // ok: javascript.path-traversal.fs-taint
  res.sendFile(BASE + name);
});

app.get("/overwrite", (req, res) => {
  let name = req.query.name;
  name = "index.html";
  // ok: javascript.path-traversal.fs-taint
  res.sendFile(BASE + name);
});

function under(dir, file) {
  return dir + "/" + file;
}

app.get("/helper", (req, res) => {
  const p = under(BASE, req.query.file);
  // ruleid: javascript.path-traversal.fs-taint
  res.download(p);
});

function load(file) {
  // ruleid: javascript.path-traversal.fs-taint
  return fs.readFileSync(file, "utf8");
}

app.get("/calls-sink", (req, res) => res.send(load(BASE + req.get("X-File"))));

function descend(dir, depth) {
  if (depth === 0) {
    // ruleid: javascript.path-traversal.fs-taint
    return fs.readdirSync(dir);
  }
  return descend(dir + "/sub", depth - 1);
}

app.get("/tree", (req, res) => res.json(descend(req.query.root, 3)));
