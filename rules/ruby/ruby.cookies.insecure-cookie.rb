class SessionsController < ApplicationController
  def create
    # ruleid: ruby.cookies.insecure-cookie
    cookies[:remember] = { value: token, secure: false }
    # ruleid: ruby.cookies.insecure-cookie
    cookies.signed[:uid] = { value: user.id, httponly: false, secure: true }
    # ok: ruby.cookies.insecure-cookie
    cookies.encrypted[:remember] = { value: token, secure: true, httponly: true }
    # ok: ruby.cookies.insecure-cookie
    cookies[:theme] = "dark"
  end
end

# ruleid: ruby.cookies.insecure-cookie
Rails.application.config.session_store :cookie_store, key: "_app_session", secure: false
