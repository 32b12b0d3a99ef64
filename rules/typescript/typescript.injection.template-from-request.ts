import * as ejs from "ejs";
import Handlebars from "handlebars";
import { Request, Response } from "express";

export function preview(req: Request, res: Response): void {
  // ruleid: typescript.injection.template-from-request
  const html: string = ejs.render(req.body.template, { user: "x" });
  // ruleid: typescript.injection.template-from-request
  const tpl = Handlebars.compile(req.query.tpl as string);
  // ok: typescript.injection.template-from-request
  const fixed = Handlebars.compile("<p>{{note}}</p>")({ note: req.body.note });
  // ok: typescript.injection.template-from-request
  const other: string = ejs.render(TEMPLATE, { note: req.body.note });
  res.send(html + tpl({}) + fixed + other);
}
