class ProxyController < ApplicationController
  def show
    # ruleid: ruby.ssrf.params-in-url
    body = HTTParty.get(params[:url]).body
    # ruleid: ruby.ssrf.params-in-url
    status = Net::HTTP.get_response(URI("http://#{params[:host]}/status"))
    # ok: ruby.ssrf.params-in-url
    fixed = HTTParty.get("https://api.example.com/health")
    # ok: ruby.ssrf.params-in-url
    search = Faraday.get("https://api.example.com/search", q: "static")
    render plain: [body, status, fixed, search].size
  end
end
