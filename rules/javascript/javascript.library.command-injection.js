import { execSync } from 'child_process';

export function log(branch) {
  // ruleid: javascript.library.command-injection
  return execSync('git log ' + branch).toString();
}

export function fixed() {
  // ok: javascript.library.command-injection
  return execSync('git status').toString();
}

export function count(n) {
  // ok: javascript.library.command-injection
  return execSync('seq ' + parseInt(n, 10)).toString();
}
