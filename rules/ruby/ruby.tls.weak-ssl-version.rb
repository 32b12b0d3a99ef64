require "net/http"

def client(host)
  http = Net::HTTP.new(host, 443)
  # ruleid: ruby.tls.weak-ssl-version
  http.ssl_version = :TLSv1
  ctx = OpenSSL::SSL::SSLContext.new
  # ruleid: ruby.tls.weak-ssl-version
  ctx.min_version = OpenSSL::SSL::TLS1_1_VERSION
  # ok: ruby.tls.weak-ssl-version
  ctx.min_version = OpenSSL::SSL::TLS1_2_VERSION
  # ok: ruby.tls.weak-ssl-version
  http.ssl_version = :TLSv1_2
  http
end
