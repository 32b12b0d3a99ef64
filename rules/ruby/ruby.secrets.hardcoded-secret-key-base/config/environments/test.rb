Rails.application.configure do
  # The test environment's key is fixed on purpose: this file is not loaded in production.
  # ok: ruby.secrets.hardcoded-secret-key-base
  config.secret_key_base = "a fixed secret for running the tests"
end
