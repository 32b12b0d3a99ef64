DEBUG = false

class SessionsController < ApplicationController
  def direct
    # ruleid: ruby.redirect.open-redirect-taint
    redirect_to params[:return_to]
  end

  def through_variables
    target = params[:next]
    url = target
    # ruleid: ruby.redirect.open-redirect-taint
    redirect_to url, allow_other_host: true
  end

  def interpolation
    host = request.headers["X-Forwarded-Host"]
    # ruleid: ruby.redirect.open-redirect-taint
    redirect_to "https://#{host}/login"
  end

  def referer
    back = request.referer
    # Back to the page the user came from: the attacker's link already was that page.
    # ok: ruby.redirect.open-redirect-taint
    redirect_to(back)
    # ok: ruby.redirect.open-redirect-taint
    redirect_to request.headers["Referer"]
    # ruleid: ruby.redirect.open-redirect-taint
    redirect_to request.headers["X-Return-To"]
  end

  def engine_routes
    record = Inbox.create_from(params[:source])
    # ok: ruby.redirect.open-redirect-taint
    redirect_to main_app.inbox_message_url(record)
    # ruleid: ruby.redirect.open-redirect-taint
    redirect_to request.original_url.sub("http:", params[:scheme])
  end

  def stored_file
    # ok: ruby.redirect.open-redirect-taint
    redirect_to @blob.url(disposition: params[:disposition])
    # ruleid: ruby.redirect.open-redirect-taint
    redirect_to @blob.url(host: params[:host])
  end

  def from_hash
    state = {}
    state[:back] = cookies[:back]
    # ruleid: ruby.redirect.open-redirect-taint
    redirect_to state[:back]
  end

  def safe_path
    # ok: ruby.redirect.open-redirect-taint
    redirect_to root_path
  end

  def url_from_helper
    target = url_from(params[:return_to])
    # ok: ruby.redirect.open-redirect-taint
    redirect_to target
  end

  def dead_branch
    url = "/"
    if false
      url = params[:next]
    end
    # ok: ruby.redirect.open-redirect-taint
    redirect_to url
  end

  def overwritten
    url = params[:next]
    url = "/home"
    # ok: ruby.redirect.open-redirect-taint
    redirect_to url
  end

  def bounce(where)
    # ruleid: ruby.redirect.open-redirect-taint
    redirect_to where
  end

  def calls_sink
    bounce(params[:where])
  end
end

get "/go" do
  # ruleid: ruby.redirect.open-redirect-taint
  redirect params[:to]
end

class MessagesController < ApplicationController
  def reply
    @board = Board.find(params[:board_id])
    # ok: ruby.redirect.open-redirect-taint
    redirect_to board_message_path(@board, params[:id], :r => params[:r])
    # ok: ruby.redirect.open-redirect-taint
    redirect_to new_user_url(:user => params[:user])
  end

  def back
    target = "https://" + params[:host] + "/done"
    # ruleid: ruby.redirect.open-redirect-taint
    redirect_to target
  end

  def choose
    # ok: ruby.redirect.open-redirect-taint
    redirect_to(params[:continue] ? new_group_path : groups_path)
    # ruleid: ruby.redirect.open-redirect-taint
    redirect_to(params[:continue] ? params[:next] : groups_path)
  end
end

class ImportsController < ApplicationController
  def run
    @import = Import.find_by(filename: params[:id])
    # ok: ruby.redirect.open-redirect-taint
    redirect_to @import.settings_url
  end
end
