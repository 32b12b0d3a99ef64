require "base64"
require "json"
require "yaml"

class PrefsController
  def show
    # ruleid: ruby.deserialization.marshal-load
    prefs = Marshal.load(Base64.decode64(cookies[:prefs]))
    render json: prefs
  end

  def import(body)
    # ruleid: ruby.deserialization.marshal-load
    YAML.unsafe_load(body)
  end

  def restore(blob)
    # ruleid: ruby.deserialization.marshal-load
    Marshal.restore(blob)
  end

  def nested
    # ruleid: ruby.deserialization.marshal-load
    Marshal.load(
      # ok: ruby.deserialization.marshal-load
      Base64.decode64(cookies[:state])
    )
  end

  def safe(body, obj)
    # ok: ruby.deserialization.marshal-load
    data = JSON.parse(body)
    # ok: ruby.deserialization.marshal-load
    conf = YAML.safe_load(body)
    # ok: ruby.deserialization.marshal-load
    dump = Marshal.dump(obj)
    [data, conf, dump]
  end
end
