def debug(x)
  # ruleid: conformance.ruby.regex-binding-pry
  binding.pry
  # ok: conformance.ruby.regex-binding-pry
  binding.irb
  # ruleid: conformance.ruby.regex-binding-pry
  binding.pry if x
  # ok: conformance.ruby.regex-binding-pry
  puts "binding pry"
end
