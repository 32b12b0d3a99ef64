const cp = require("child_process");

function gitLog(req, res) {
  // ruleid: javascript.injection.child-process-exec
  cp.exec("git log " + req.query.branch, (err, out) => res.send(out));
}

function convert(file) {
  // ruleid: javascript.injection.child-process-exec
  return cp.execSync(`convert ${file} out.png`);
}

function direct(cmd) {
  // ruleid: javascript.injection.child-process-exec
  require("child_process").exec(cmd);
}

function safe(req, db) {
  // ok: javascript.injection.child-process-exec
  cp.exec("git status", () => {});
  // ok: javascript.injection.child-process-exec
  cp.execFile("git", ["log", req.query.branch], () => {});
  // ok: javascript.injection.child-process-exec
  db.exec("DELETE FROM t WHERE id = " + req.query.id);
}
