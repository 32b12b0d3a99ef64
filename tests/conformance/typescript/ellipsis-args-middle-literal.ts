declare function spawn(...args: string[]): void;

function run(cmd: string, flag: string): void {
  // ruleid: conformance.typescript.ellipsis-args-middle-literal
  spawn("node", "--inspect", cmd);
  // ruleid: conformance.typescript.ellipsis-args-middle-literal
  spawn("--inspect");
  // ok: conformance.typescript.ellipsis-args-middle-literal
  spawn("node", flag, cmd);
  // ok: conformance.typescript.ellipsis-args-middle-literal
  spawn("node", "--inspect-brk", cmd);
}
