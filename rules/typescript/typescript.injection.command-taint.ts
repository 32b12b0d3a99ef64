import { Request, Response } from "express";
import { exec, execSync, spawn, execFile } from "child_process";
import cp from "child_process";
import express from "express";
import { quote } from "shell-quote";

const app = express();
const DEBUG: boolean = false;

app.get("/ping", (req: Request, res: Response) => {
  // ruleid: typescript.injection.command-taint
  exec("ping -c 1 " + req.query.host, (err, out) => res.send(out));
});

app.post("/grep", function (req: Request, res: Response) {
  const pattern = req.body.pattern;
  const cmd = `grep -r ${pattern} /var/log`;
  const line = cmd;
  // ruleid: typescript.injection.command-taint
  res.send(cp.execSync(line).toString());
});

app.get("/tool/:name", (req: Request, res: Response) => {
  // ruleid: typescript.injection.command-taint
  spawn(req.params.name, ["--version"]);
});

function fromCli(: string) {
  const target = process.argv[2];
  // ok: typescript.injection.command-taint
  execSync("nslookup " + target);
}

function fromEnv(: string) {
  const job = { name: "backup" };
  job.script = process.env.BACKUP_SCRIPT;
  // ok: typescript.injection.command-taint
  exec(job.script);
  // ok: typescript.injection.command-taint
  exec("run " + job.name);
}

class Runner {
  constructor(req) {
    this.cmd = req.headers["x-cmd"];
    this.safe = "uptime";
  }

  run() {
    // ruleid: typescript.injection.command-taint
    exec(this.cmd);
  }

  runNow(req) {
    this.cmd = req.query.cmd;
    // ruleid: typescript.injection.command-taint
    exec(this.cmd);
    // ok: typescript.injection.command-taint
    exec(this.safe);
  }
}

app.get("/multi", (req: Request, res: Response) => {
  const args = ["tar", "czf"];
  args.push(req.query.file);
  // ruleid: typescript.injection.command-taint
  execSync(args.join(" "));
});

app.get("/map", (req: Request, res: Response) => {
  const opts = new Map();
  opts.set("dir", req.query.dir);
  // ruleid: typescript.injection.command-taint
  exec("ls " + opts.get("dir"));
});

app.get("/each", (req: Request, res: Response) => {
  const files = req.body.files;
  for (const f of files) {
    // ruleid: typescript.injection.command-taint
    exec("rm " + f);
  }
  files.forEach((g) => {
    // ruleid: typescript.injection.command-taint
    execSync("touch " + g);
  });
});

app.get("/quoted", (req: Request, res: Response) => {
  const host = quote([req.query.host]);
  // ok: typescript.injection.command-taint
  exec("ping -c 1 " + host);
});

app.get("/count", (req: Request, res: Response) => {
  const n = parseInt(req.query.n, 10);
  // ok: typescript.injection.command-taint
  exec("ping -c " + n + " localhost");
});

app.get("/safe-args", (req: Request, res: Response) => {
  // ok: typescript.injection.command-taint
  execFile("ping", ["-c", "1", req.query.host]);
});

app.get("/dead", (req: Request, res: Response) => {
  let cmd = "uptime";
  if (false) {
    cmd = req.query.cmd;
  }
  // ok: typescript.injection.command-taint
  exec(cmd);
});

app.get("/dead-const", (req: Request, res: Response) => {
  let cmd = "uptime";
  if (DEBUG) {
    cmd = req.query.cmd;
  }
  // ok: typescript.injection.command-taint
  exec(cmd);
});

app.get("/overwrite", (req: Request, res: Response) => {
  let cmd = req.query.cmd;
  cmd = "uptime";
  // ok: typescript.injection.command-taint
  exec(cmd);
});

function identity(x: string) {
  return x;
}

app.get("/helper", (req: Request, res: Response) => {
  const c = identity(req.cookies.cmd);
  // ruleid: typescript.injection.command-taint
  exec(c);
});

function runShell(command: string) {
  // ruleid: typescript.injection.command-taint
  return execSync(command, { encoding: "utf8" });
}

app.get("/calls-sink", (req: Request, res: Response) => {
  res.send(runShell("echo " + req.get("X-Name")));
});

function retry(command, attempts) {
  if (attempts === 0) {
    // ruleid: typescript.injection.command-taint
    return execSync(command);
  }
  return retry(command, attempts - 1);
}

app.get("/recurse", (req: Request, res: Response) => {
  retry(req.query.cmd, 3);
});

const runArrow = (c) => {
  // ruleid: typescript.injection.command-taint
  exec(c);
};

app.get("/arrow", (req: Request, res: Response) => runArrow(req.query.c));

interface Job {
  name: string;
  script: string;
}

class Service {
  private readonly prefix: string = "run-";
  private target: string = "";

  handle(req: Request): void {
    this.target = req.query.target as string;
    // ruleid: typescript.injection.command-taint
    execSync(this.prefix + this.target);
    // ok: typescript.injection.command-taint
    execSync(this.prefix + "status");
  }
}

app.get("/typed", (req: Request, res: Response) => {
  const job: Job = { name: "x", script: "" };
  job.script = <string>req.body.script;
  // ruleid: typescript.injection.command-taint
  exec(job.script);
});

app.get("/nonnull", (req: Request, res: Response) => {
  const host = req.get("Host")!;
  // ruleid: typescript.injection.command-taint
  exec(`ping ${host}`);
});

app.get("/optional", (req: Request, res: Response) => {
  const dir = req.query?.dir;
  // ruleid: typescript.injection.command-taint
  exec(`ls ${dir}`);
});

function typedHelper<T>(v: T): T {
  return v;
}

app.get("/generic", (req: Request, res: Response) => {
  const v = typedHelper<string>(String(req.query.v));
  // ruleid: typescript.injection.command-taint
  exec(v);
});

app.get("/record", (req: Request, res: Response) => {
  const env: Record<string, string> = {};
  env["CMD"] = process.env.CMD ?? "true";
  // ok: typescript.injection.command-taint
  execSync(env["CMD"]);
});

function destructured(req: Request) {
  const { host } = req.query;
  // ruleid: typescript.injection.command-taint
  exec("ping " + host);
}

function objectLiteral(req: Request) {
  const job = { script: req.body.script, name: "backup" };
  // ruleid: typescript.injection.command-taint
  exec(job.script);
  // todook: typescript.injection.command-taint
  exec(job.name);
}

function compoundAssign(req: Request) {
  let cmd = "ls ";
  cmd += req.query.dir;
  // ruleid: typescript.injection.command-taint
  exec(cmd);
}

function arrayLiteral(req: Request) {
  const parts = [req.query.a, "-l"];
  // ruleid: typescript.injection.command-taint
  exec(parts.join(" "));
}

function mapped(req: Request) {
  const cmds = req.body.dirs.map((x) => "ls " + x);
  // ruleid: typescript.injection.command-taint
  exec(cmds[0]);
}

function defaulted(req: Request) {
  const cmd = req.query.cmd || "uptime";
  // ruleid: typescript.injection.command-taint
  exec(cmd);
}

function ternary(req: Request) {
  const cmd = req.query.safe ? "uptime" : req.query.cmd;
  // ruleid: typescript.injection.command-taint
  exec(cmd);
}

async function awaited(req: Request) {
  const cmd = await Promise.resolve(req.query.cmd);
  // ruleid: typescript.injection.command-taint
  exec(cmd);
}

function chained(req: Request) {
  const s = `${req.query.x}`.trim().toLowerCase();
  // ruleid: typescript.injection.command-taint
  exec(s);
}

app.get("/switch", (req: Request, res: Response) => {
  switch (req.query.mode) {
    case "run":
      if (req.query.verbose) {
        console.log("running");
      }
      // ruleid: typescript.injection.command-taint
      exec(String(req.query.cmd));
      break;
    default:
      res.send("no");
  }
});

app.get("/collect", (req: Request, res: Response) => {
  const list: string[] = [];
  ["a", "b"].forEach((n) => list.push(req.query.prefix + n));
  // ruleid: typescript.injection.command-taint
  exec("ls " + list.join(" "));
});

app.get("/module", (req: Request, res: Response) => {
  // ruleid: typescript.injection.command-taint
  cp.exec(String(req.query.cmd));
});

function localNames(req: Request) {
  const run = (q: string) => q.length;
  // ok: typescript.injection.command-taint
  run(String(req.query.q));
}
