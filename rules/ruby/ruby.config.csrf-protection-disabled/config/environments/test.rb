Rails.application.configure do
  # The test environment turns the check off so that tests can post forms without tokens.
  # ok: ruby.config.csrf-protection-disabled
  config.action_controller.allow_forgery_protection = false
end
