# ruleid: ruby.secrets.hardcoded-secret-key-base
Rails.application.config.secret_key_base = "3f1c9a0b5e7d42aa91c0ffee1234567890abcdef"
# ok: ruby.secrets.hardcoded-secret-key-base
Rails.application.config.secret_key_base = ENV.fetch("SECRET_KEY_BASE")

def client
  # ruleid: ruby.secrets.hardcoded-secret-key-base
  Stripe::Client.new(api_key: "sk_live_9Gk2Lx7QpW4zNc1R")
end

def safe_client
  # ok: ruby.secrets.hardcoded-secret-key-base
  Stripe::Client.new(api_key: ENV["STRIPE_KEY"])
end

# ok: ruby.secrets.hardcoded-secret-key-base
Rails.application.config.time_zone = "Europe/Berlin"

def fixture_user
  # ok: ruby.secrets.hardcoded-secret-key-base
  @user.password = "my_password"
  # ruleid: ruby.secrets.hardcoded-secret-key-base
  config.action_mailer.smtp_settings.password = "smtp-pass-2024"
end

class BugReportApp < Rails::Application
  # A placeholder that names itself, as bug-report templates write it, is not a key.
  # ok: ruby.secrets.hardcoded-secret-key-base
  secrets.secret_key_base = "secret_key_base"
end
