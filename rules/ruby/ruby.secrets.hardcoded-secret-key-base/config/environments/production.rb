Rails.application.configure do
  # ruleid: ruby.secrets.hardcoded-secret-key-base
  config.secret_key_base = "3f1c9a0b5e7d2c4a8b6e0f1d3c5a7b9e"
end
