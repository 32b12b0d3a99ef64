require "net/http"

def fetch(host)
  http = Net::HTTP.new(host, 443)
  http.use_ssl = true
  # ruleid: ruby.tls.verify-none
  http.verify_mode = OpenSSL::SSL::VERIFY_NONE
  # ruleid: ruby.tls.verify-none
  RestClient::Request.execute(method: :get, url: "https://#{host}", verify_ssl: false)
  # ruleid: ruby.tls.verify-none
  Faraday.new("https://#{host}", ssl: { verify: false })
  http
end

def safe(host)
  http = Net::HTTP.new(host, 443)
  # ok: ruby.tls.verify-none
  http.verify_mode = OpenSSL::SSL::VERIFY_PEER
  # ok: ruby.tls.verify-none
  Faraday.new("https://#{host}", ssl: { verify: true })
  http
end
