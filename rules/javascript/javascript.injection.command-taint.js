const { exec, execSync, spawn, execFile } = require("child_process");
const cp = require("child_process");
const express = require("express");
const { quote } = require("shell-quote");

const app = express();
const DEBUG = false;

app.get("/ping", (req, res) => {
  // ruleid: javascript.injection.command-taint
  exec("ping -c 1 " + req.query.host, (err, out) => res.send(out));
});

app.post("/grep", function (req, res) {
  const pattern = req.body.pattern;
  const cmd = `grep -r ${pattern} /var/log`;
  const line = cmd;
  // ruleid: javascript.injection.command-taint
  res.send(cp.execSync(line).toString());
});

app.get("/tool/:name", (req, res) => {
  // ruleid: javascript.injection.command-taint
  spawn(req.params.name, ["--version"]);
});

function fromCli() {
  const target = process.argv[2];
  // ok: javascript.injection.command-taint
  execSync("nslookup " + target);
}

function fromEnv() {
  const job = { name: "backup" };
  job.script = process.env.BACKUP_SCRIPT;
  // ok: javascript.injection.command-taint
  exec(job.script);
  // ok: javascript.injection.command-taint
  exec("run " + job.name);
}

class Runner {
  constructor(req) {
    this.cmd = req.headers["x-cmd"];
    this.safe = "uptime";
  }

  run() {
    // ruleid: javascript.injection.command-taint
    exec(this.cmd);
  }

  runNow(req) {
    this.cmd = req.query.cmd;
    // ruleid: javascript.injection.command-taint
    exec(this.cmd);
    // ok: javascript.injection.command-taint
    exec(this.safe);
  }
}

app.get("/multi", (req, res) => {
  const args = ["tar", "czf"];
  args.push(req.query.file);
  // ruleid: javascript.injection.command-taint
  execSync(args.join(" "));
});

app.get("/map", (req, res) => {
  const opts = new Map();
  opts.set("dir", req.query.dir);
  // ruleid: javascript.injection.command-taint
  exec("ls " + opts.get("dir"));
});

app.get("/each", (req, res) => {
  const files = req.body.files;
  for (const f of files) {
    // ruleid: javascript.injection.command-taint
    exec("rm " + f);
  }
  files.forEach((g) => {
    // ruleid: javascript.injection.command-taint
    execSync("touch " + g);
  });
});

app.get("/quoted", (req, res) => {
  const host = quote([req.query.host]);
  // ok: javascript.injection.command-taint
  exec("ping -c 1 " + host);
});

app.get("/count", (req, res) => {
  const n = parseInt(req.query.n, 10);
  // ok: javascript.injection.command-taint
  exec("ping -c " + n + " localhost");
});

app.get("/safe-args", (req, res) => {
  // ok: javascript.injection.command-taint
  execFile("ping", ["-c", "1", req.query.host]);
});

app.get("/dead", (req, res) => {
  let cmd = "uptime";
  if (false) {
    cmd = req.query.cmd;
  }
  // ok: javascript.injection.command-taint
  exec(cmd);
});

app.get("/dead-const", (req, res) => {
  let cmd = "uptime";
  if (DEBUG) {
    cmd = req.query.cmd;
  }
  // ok: javascript.injection.command-taint
  exec(cmd);
});

app.get("/overwrite", (req, res) => {
  let cmd = req.query.cmd;
  cmd = "uptime";
  // ok: javascript.injection.command-taint
  exec(cmd);
});

function identity(x) {
  return x;
}

app.get("/helper", (req, res) => {
  const c = identity(req.cookies.cmd);
  // ruleid: javascript.injection.command-taint
  exec(c);
});

function runShell(command) {
  // ruleid: javascript.injection.command-taint
  return execSync(command, { encoding: "utf8" });
}

app.get("/calls-sink", (req, res) => {
  res.send(runShell("echo " + req.get("X-Name")));
});

function retry(command, attempts) {
  if (attempts === 0) {
    // ruleid: javascript.injection.command-taint
    return execSync(command);
  }
  return retry(command, attempts - 1);
}

app.get("/recurse", (req, res) => {
  retry(req.query.cmd, 3);
});

const runArrow = (c) => {
  // ruleid: javascript.injection.command-taint
  exec(c);
};

app.get("/arrow", (req, res) => runArrow(req.query.c));

function destructured(req) {
  const { host } = req.query;
  // ruleid: javascript.injection.command-taint
  exec("ping " + host);
}

function objectLiteral(req) {
  const job = { script: req.body.script, name: "backup" };
  // ruleid: javascript.injection.command-taint
  exec(job.script);
  // todook: javascript.injection.command-taint
  exec(job.name);
}

function compoundAssign(req) {
  let cmd = "ls ";
  cmd += req.query.dir;
  // ruleid: javascript.injection.command-taint
  exec(cmd);
}

function arrayLiteral(req) {
  const parts = [req.query.a, "-l"];
  // ruleid: javascript.injection.command-taint
  exec(parts.join(" "));
}

function mapped(req) {
  const cmds = req.body.dirs.map((x) => "ls " + x);
  // ruleid: javascript.injection.command-taint
  exec(cmds[0]);
}

function defaulted(req) {
  const cmd = req.query.cmd || "uptime";
  // ruleid: javascript.injection.command-taint
  exec(cmd);
}

function ternary(req) {
  const cmd = req.query.safe ? "uptime" : req.query.cmd;
  // ruleid: javascript.injection.command-taint
  exec(cmd);
}

async function awaited(req) {
  const cmd = await Promise.resolve(req.query.cmd);
  // ruleid: javascript.injection.command-taint
  exec(cmd);
}

function chained(req) {
  const s = `${req.query.x}`.trim().toLowerCase();
  // ruleid: javascript.injection.command-taint
  exec(s);
}

app.get("/switch", (req, res) => {
  switch (req.query.mode) {
    case "run":
      if (req.query.verbose) {
        console.log("running");
      }
      // ruleid: javascript.injection.command-taint
      exec(req.query.cmd);
      break;
    case "fixed": {
      let c = req.query.cmd;
      c = "uptime";
      // ok: javascript.injection.command-taint
      exec(c);
      break;
    }
    default:
      res.send("no");
  }
});

app.get("/collect", (req, res) => {
  const list = [];
  const names = ["a", "b"];
  names.forEach((n) => list.push(req.query.prefix + n));
  // ruleid: javascript.injection.command-taint
  exec("ls " + list.join(" "));
  const fixed = [];
  names.forEach((n) => {
    const own = req.query.prefix;
    fixed.push(n);
  });
  // ok: javascript.injection.command-taint
  exec("ls " + fixed.join(" "));
});

app.get("/module", (req, res) => {
  // ruleid: javascript.injection.command-taint
  cp.exec(req.query.cmd);
  // ruleid: javascript.injection.command-taint
  require("child_process").execFileSync(req.query.tool);
});
