module GreetingHelper
  def greeting(user)
    # ruleid: ruby.xss.html-safe-dynamic
    "<b>Hello #{user.name}</b>".html_safe
  end

  def comment
    # ruleid: ruby.xss.html-safe-dynamic
    raw(params[:comment])
  end

  def safe(user)
    # ok: ruby.xss.html-safe-dynamic
    "<hr/>".html_safe
    # ok: ruby.xss.html-safe-dynamic
    content_tag(:b, user.name)
  end
end
