class PaymentsController < ApplicationController
  # ruleid: ruby.config.csrf-protection-disabled
  skip_before_action :verify_authenticity_token
  # ok: ruby.config.csrf-protection-disabled
  skip_before_action :authenticate_user!, only: [:index]
end

class WebhooksController < ApplicationController
  # ruleid: ruby.config.csrf-protection-disabled
  protect_from_forgery with: :null_session
end

class SafeController < ApplicationController
  # ok: ruby.config.csrf-protection-disabled
  protect_from_forgery with: :exception
end
