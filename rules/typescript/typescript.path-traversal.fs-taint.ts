import { Request, Response } from "express";
import express from "express";
import fs from "fs";
import path from "path";

const app = express();
const BASE = "/srv/uploads/";
const DEBUG: boolean = false;

app.get("/file", (req: Request, res: Response) => {
  // ruleid: typescript.path-traversal.fs-taint
  fs.readFile(BASE + req.query.name, (e, data) => res.send(data));
});

app.get("/dl/:name", (req: Request, res: Response) => {
  const name = req.params.name;
  const full = path.join(BASE, name);
  // ruleid: typescript.path-traversal.fs-taint
  res.sendFile(full);
});

app.post("/save", (req: Request, res: Response) => {
  const dest = `${BASE}/${req.body.user}/avatar.png`;
  // ruleid: typescript.path-traversal.fs-taint
  fs.writeFileSync(dest, req.body.data);
});

app.get("/stream", (req: Request, res: Response) => {
  const upload = { dir: BASE };
  upload.file = req.cookies.last;
  // ruleid: typescript.path-traversal.fs-taint
  fs.createReadStream(upload.dir + upload.file).pipe(res);
  // ok: typescript.path-traversal.fs-taint
  fs.createReadStream(upload.dir + "index.html").pipe(res);
});

app.post("/cleanup", (req: Request, res: Response) => {
  const victims = [];
  victims.push(req.body.path);
  for (const p of victims) {
    // ruleid: typescript.path-traversal.fs-taint
    fs.unlinkSync(p);
  }
});

function cli(: string) {
  // ok: typescript.path-traversal.fs-taint
  fs.rmSync(process.argv[2], { recursive: true });
}

app.get("/base", (req: Request, res: Response) => {
  const name = path.basename(req.query.name);
  // ok: typescript.path-traversal.fs-taint
  fs.readFile(path.join(BASE, name), () => {});
});

app.get("/dead", (req: Request, res: Response) => {
  let name = "index.html";
  if (DEBUG) {
    name = req.query.name;
  }
  // ok: typescript.path-traversal.fs-taint
  res.sendFile(BASE + name);
});

app.get("/overwrite", (req: Request, res: Response) => {
  let name = req.query.name;
  name = "index.html";
  // ok: typescript.path-traversal.fs-taint
  res.sendFile(BASE + name);
});

function under(dir, file) {
  return dir + "/" + file;
}

app.get("/helper", (req: Request, res: Response) => {
  const p = under(BASE, req.query.file);
  // ruleid: typescript.path-traversal.fs-taint
  res.download(p);
});

function load(file: string) {
  // ruleid: typescript.path-traversal.fs-taint
  return fs.readFileSync(file, "utf8");
}

app.get("/calls-sink", (req: Request, res: Response) => res.send(load(BASE + req.get("X-File"))));

function descend(dir, depth) {
  if (depth === 0) {
    // ruleid: typescript.path-traversal.fs-taint
    return fs.readdirSync(dir);
  }
  return descend(dir + "/sub", depth - 1);
}

app.get("/tree", (req: Request, res: Response) => res.json(descend(req.query.root, 3)));
