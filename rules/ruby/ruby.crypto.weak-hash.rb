require "digest"
require "openssl"

def digests(password, data)
  # ruleid: ruby.crypto.weak-hash
  a = Digest::MD5.hexdigest(password)
  # ruleid: ruby.crypto.weak-hash
  b = Digest::SHA1.digest(data)
  # ruleid: ruby.crypto.weak-hash
  c = OpenSSL::Digest.new("sha1")
  # ok: ruby.crypto.weak-hash
  d = Digest::SHA256.hexdigest(data)
  # ok: ruby.crypto.weak-hash
  e = OpenSSL::Digest.new("SHA256")
  [a, b, c, d, e]
end
