require "securerandom"

def tokens
  # ruleid: ruby.crypto.weak-random
  a = rand(36**20).to_s(36)
  # ruleid: ruby.crypto.weak-random
  b = Random.new.bytes(16)
  # ok: ruby.crypto.weak-random
  c = SecureRandom.hex(32)
  # ok: ruby.crypto.weak-random
  d = SecureRandom.random_number(1_000_000)
  [a, b, c, d]
end
