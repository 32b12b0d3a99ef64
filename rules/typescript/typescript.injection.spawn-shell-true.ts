import { spawn, spawnSync } from "child_process";

export function run(branch: string, file: string): void {
  // ruleid: typescript.injection.spawn-shell-true
  spawn(`git log ${branch}`, { shell: true });
  // ruleid: typescript.injection.spawn-shell-true
  spawnSync("convert " + file, [], { shell: true });
}

export function safe(branch: string): void {
  // ok: typescript.injection.spawn-shell-true
  spawn("git", ["log", branch]);
  // ok: typescript.injection.spawn-shell-true
  spawnSync("date", { shell: true });
}
