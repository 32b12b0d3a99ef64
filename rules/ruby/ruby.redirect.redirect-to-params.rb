class SessionsController < ApplicationController
  def create
    # ruleid: ruby.redirect.redirect-to-params
    redirect_to params[:return_to]
  end

  def back
    # ruleid: ruby.redirect.redirect-to-params
    redirect_to(params.fetch(:next), allow_other_host: true)
  end

  def previous
    # ruleid: ruby.redirect.redirect-to-params
    redirect_to request.referer
  end

  def safe
    # ok: ruby.redirect.redirect-to-params
    redirect_to root_path
    # ok: ruby.redirect.redirect-to-params
    redirect_to user_path(params[:id])
  end
end
