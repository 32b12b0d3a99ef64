require "nokogiri"

def parse(body)
  # ruleid: ruby.xxe.nokogiri-entity-expansion
  a = Nokogiri::XML(body) { |config| config.noent }
  # ruleid: ruby.xxe.nokogiri-entity-expansion
  b = Nokogiri::XML(body, nil, nil, Nokogiri::XML::ParseOptions::NOENT)
  # ok: ruby.xxe.nokogiri-entity-expansion
  c = Nokogiri::XML(body) { |config| config.strict.nonet }
  # ok: ruby.xxe.nokogiri-entity-expansion
  d = Nokogiri::XML(body)
  [a, b, c, d]
end
