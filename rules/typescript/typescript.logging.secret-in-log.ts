import pino from "pino";
const logger = pino();

export function login(user: string, password: string, apiKey: string, passwordLength: number): void {
  // ruleid: typescript.logging.secret-in-log
  logger.info(`login ${user} with ${password}`);
  // ruleid: typescript.logging.secret-in-log
  console.log("key", apiKey);
  // ok: typescript.logging.secret-in-log
  logger.info(`login ${user}`);
  // ok: typescript.logging.secret-in-log
  console.log("password length", passwordLength);
}
