require "open-uri"

class ImportsController < ApplicationController
  def create
    # ruleid: ruby.injection.kernel-open-params
    data = open(params[:url]).read
    # ruleid: ruby.injection.kernel-open-params
    other = URI.open("https://#{params[:host]}/feed").read
    # ok: ruby.injection.kernel-open-params
    local = File.open("/etc/app/defaults.yml").read
    # ok: ruby.injection.kernel-open-params
    feed = URI.open("https://example.com/feed").read
    [data, other, local, feed]
  end
end
