const logger = require("pino")();

function login(user, password, apiKey, passwordLength) {
  // ruleid: javascript.logging.secret-in-log
  console.log("login", user, password);
  // ruleid: javascript.logging.secret-in-log
  logger.info(`key=${apiKey}`);
  // ruleid: javascript.logging.secret-in-log
  console.error("token " + user.accessToken);
  // ok: javascript.logging.secret-in-log
  console.log("login", user);
  // ok: javascript.logging.secret-in-log
  logger.info("password length", passwordLength);
  // ok: javascript.logging.secret-in-log
  console.warn("Password reset requested for", user.name);
}
