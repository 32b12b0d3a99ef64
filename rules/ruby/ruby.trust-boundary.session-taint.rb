class SessionsController < ApplicationController
  def create
    user = params[:user]
    # ruleid: ruby.trust-boundary.session-taint
    session[:user] = user
    # ruleid: ruby.trust-boundary.session-taint
    session[:role] = request.headers["X-Role"]
    # ok: ruby.trust-boundary.session-taint
    session[:count] = params[:n].to_i
    # ok: ruby.trust-boundary.session-taint
    session[:theme] = "dark"
  end
end
