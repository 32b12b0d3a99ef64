class GreetingsController < ApplicationController
  def show
    # ruleid: ruby.injection.render-inline-dynamic
    render inline: "<h1>Hello #{params[:name]}</h1>"
  end

  def preview
    # ruleid: ruby.injection.render-inline-dynamic
    html = ERB.new(params[:template]).result(binding)
    render html: html
  end

  def safe
    # ok: ruby.injection.render-inline-dynamic
    render inline: "<h1>Hello <%= name %></h1>", locals: { name: params[:name] }
  end

  def safe_erb
    # ok: ruby.injection.render-inline-dynamic
    ERB.new(File.read(Rails.root.join("app/views/static/terms.erb"))).result(binding)
  end
end
