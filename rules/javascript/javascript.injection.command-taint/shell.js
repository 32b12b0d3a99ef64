const cp = require('child_process');

function listing(dir) {
  return 'ls ' + dir;
}

function runCommand(cmd) {
  // ruleid: javascript.injection.command-taint
  cp.execSync(cmd);
}

function fixed() {
  // ok: javascript.injection.command-taint
  cp.execSync(listing('/tmp'));
}

module.exports = { listing, runCommand, fixed };
