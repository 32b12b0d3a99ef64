import logging

logger = logging.getLogger(__name__)


def login(user, password, api_key, password_length):
    # ruleid: python.logging.secret-in-log
    logger.info("login %s with %s", user, password)
    # ruleid: python.logging.secret-in-log
    logging.debug(f"key={api_key}")
    # ruleid: python.logging.secret-in-log
    print("token:", user.access_token)
    # ok: python.logging.secret-in-log
    logger.info("login %s", user)
    # ok: python.logging.secret-in-log
    logger.info("password length %d", password_length)
    # ok: python.logging.secret-in-log
    logger.warning("Password reset requested for %s", user)


def flags(has_password, user_password):
    # ok: python.logging.secret-in-log
    logging.info("user has a password: %s", has_password)
    # ruleid: python.logging.secret-in-log
    logging.info("user password: %s", user_password)
