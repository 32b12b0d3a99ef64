import * as fs from "fs";
import * as path from "path";
import { Request, Response } from "express";

export function read(req: Request, res: Response): void {
  // ruleid: typescript.path-traversal.request-data-in-fs
  const data: Buffer = fs.readFileSync(path.join("/srv/files", req.params.name));
  // ruleid: typescript.path-traversal.request-data-in-fs
  res.download("/srv/files/" + req.query.file);
  res.send(data);
}

export function safe(req: Request, res: Response): void {
  // ok: typescript.path-traversal.request-data-in-fs
  res.sendFile(req.params.name, { root: "/srv/files" });
  // ok: typescript.path-traversal.request-data-in-fs
  fs.readFileSync(path.join("/srv/files", path.basename(req.params.name)));
}
