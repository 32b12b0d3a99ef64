def audit(logger, out, user, password)
  # ruleid: conformance.ruby.metavar-receiver-method
  logger.info(user, password)
  # ruleid: conformance.ruby.metavar-receiver-method
  out.write(password)
  # ok: conformance.ruby.metavar-receiver-method
  logger.info(user)
  # ok: conformance.ruby.metavar-receiver-method
  record(password)
end
