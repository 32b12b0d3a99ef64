require "yaml"

def import(body, path)
  # ruleid: ruby.deserialization.yaml-load
  a = YAML.load(body)
  # ruleid: ruby.deserialization.yaml-load
  b = Psych.load(File.read(path))
  # ok: ruby.deserialization.yaml-load
  c = YAML.safe_load(body, permitted_classes: [Date])
  # ok: ruby.deserialization.yaml-load
  d = YAML.load("--- 1")
  # ok: ruby.deserialization.yaml-load
  e = YAML.dump(body)
  [a, b, c, d, e]
end
