import { execSync } from 'child_process';

export function log(branch: string) {
  // ruleid: typescript.library.command-injection
  return execSync('git log ' + branch).toString();
}

export function fixed() {
  // ok: typescript.library.command-injection
  return execSync('git status').toString();
}

export function count(n: string) {
  // ok: typescript.library.command-injection
  return execSync('seq ' + parseInt(n, 10)).toString();
}
