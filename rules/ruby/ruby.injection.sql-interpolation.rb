class UsersController < ApplicationController
  def index
    # ruleid: ruby.injection.sql-interpolation
    @users = User.where("email = '#{params[:email]}'")
    # ruleid: ruby.injection.sql-interpolation
    @sorted = User.order("name " + params[:dir])
    # ruleid: ruby.injection.sql-interpolation
    ActiveRecord::Base.connection.execute("DELETE FROM users WHERE id = #{params[:id]}")
    # ok: ruby.injection.sql-interpolation
    @safe = User.where("email = ?", params[:email])
    # ok: ruby.injection.sql-interpolation
    @hash = User.where(email: params[:email])
    # ok: ruby.injection.sql-interpolation
    @const = User.where("active = true")
  end
end
