class SessionsController < ApplicationController
  def create(user, password, api_key, password_length)
    # ruleid: ruby.logging.secret-in-log
    Rails.logger.info("login #{user} with #{password}")
    # ruleid: ruby.logging.secret-in-log
    logger.debug("key=" + api_key)
    # ruleid: ruby.logging.secret-in-log
    puts "secret", password
    # ok: ruby.logging.secret-in-log
    Rails.logger.info("login #{user}")
    # ok: ruby.logging.secret-in-log
    logger.info("password length #{password_length}")
  end
end
