function start(flags, extra) {
  // ruleid: conformance.javascript.ellipsis-args-middle-literal
  launch("--no-sandbox");
  // ruleid: conformance.javascript.ellipsis-args-middle-literal
  launch("chrome", "--no-sandbox", extra);
  // ruleid: conformance.javascript.ellipsis-args-middle-literal
  launch(flags, "--no-sandbox");
  // ok: conformance.javascript.ellipsis-args-middle-literal
  launch("chrome", "--sandbox");
  // ok: conformance.javascript.ellipsis-args-middle-literal
  launch(flags, extra);
  // ok: conformance.javascript.ellipsis-args-middle-literal
  launch(["--no-sandbox"]);
}
