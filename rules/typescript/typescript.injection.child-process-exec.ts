import { exec, execFile, execSync } from "child_process";

export function clone(repoUrl: string, branch: string): void {
  // ruleid: typescript.injection.child-process-exec
  exec(`git clone ${repoUrl}`, () => undefined);
  // ruleid: typescript.injection.child-process-exec
  execSync("git checkout " + branch);
  // ok: typescript.injection.child-process-exec
  execSync("git status");
  // ok: typescript.injection.child-process-exec
  execFile("git", ["clone", "--", repoUrl], () => undefined);
}
