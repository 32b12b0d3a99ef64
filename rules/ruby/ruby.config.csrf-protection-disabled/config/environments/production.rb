Rails.application.configure do
  # ruleid: ruby.config.csrf-protection-disabled
  config.action_controller.allow_forgery_protection = false
end
