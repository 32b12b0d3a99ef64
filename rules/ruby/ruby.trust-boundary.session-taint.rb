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

class TokensController < ApplicationController
  def recover
    token = Token.find_token("recovery", params[:token].to_s)
    # ok: ruby.trust-boundary.session-taint
    session[:recovery_token] = token.value
    query = current_scope.find(params[:query_id])
    # ok: ruby.trust-boundary.session-taint
    session[:query] = { id: query.id }
  end
end
