function audit(logger, user, password, token) {
  // ruleid: conformance.javascript.seq-mv-args-trailing
  logger.log(password);
  // ruleid: conformance.javascript.seq-mv-args-trailing
  logger.log("login", user, password);
  // ok: conformance.javascript.seq-mv-args-trailing
  logger.log(password, user);
  // ok: conformance.javascript.seq-mv-args-trailing
  logger.log("login", user, token);
  // ok: conformance.javascript.seq-mv-args-trailing
  logger.log();
}
