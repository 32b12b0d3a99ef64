function report(logger, res, info) {
  // ruleid: conformance.javascript.metavar-receiver-method
  logger.info(process.env.SECRET);
  // ruleid: conformance.javascript.metavar-receiver-method
  res.send(process.env.SECRET);
  // ok: conformance.javascript.metavar-receiver-method
  info(process.env.SECRET);
  // ok: conformance.javascript.metavar-receiver-method
  logger.info(process.env.PUBLIC);
  // ok: conformance.javascript.metavar-receiver-method
  logger.info(process.env.SECRET, 1);
}
