const { spawn, execFile } = require("child_process");
const cp = require("child_process");

function run(branch, file) {
  // ruleid: javascript.injection.spawn-shell-true
  spawn(`git log ${branch}`, { shell: true });
  // ruleid: javascript.injection.spawn-shell-true
  cp.spawnSync("convert " + file, [], { shell: true });
  // ruleid: javascript.injection.spawn-shell-true
  execFile(file, ["-v"], { shell: true, cwd: "/tmp" });
}

function safe(branch) {
  // ok: javascript.injection.spawn-shell-true
  spawn("git", ["log", branch]);
  // ok: javascript.injection.spawn-shell-true
  spawn("ls -la /tmp", { shell: true });
  // ok: javascript.injection.spawn-shell-true
  cp.spawnSync(branch, [], { shell: false });
}
