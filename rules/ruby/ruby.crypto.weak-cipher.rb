require "openssl"

def ciphers
  # ruleid: ruby.crypto.weak-cipher
  a = OpenSSL::Cipher.new("des-ede3-cbc")
  # ruleid: ruby.crypto.weak-cipher
  b = OpenSSL::Cipher.new("aes-128-ecb")
  # ruleid: ruby.crypto.weak-cipher
  c = OpenSSL::Cipher::AES.new(128, :ECB)
  # ok: ruby.crypto.weak-cipher
  d = OpenSSL::Cipher.new("aes-256-gcm")
  # ok: ruby.crypto.weak-cipher
  e = OpenSSL::Cipher::AES.new(256, :GCM)
  [a, b, c, d, e]
end
