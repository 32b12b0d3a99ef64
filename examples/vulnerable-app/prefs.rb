# Preferences and backup endpoints for the demo shop (deliberately vulnerable).
require "base64"
require "json"

class PrefsController
  def show
    # VULNERABLE: Marshal data from a cookie
    prefs = Marshal.load(Base64.decode64(cookies[:prefs]))
    # safe: JSON is data-only
    extra = JSON.parse(cookies[:extra] || "{}")
    render json: prefs.merge(extra)
  end

  def backup
    # VULNERABLE: interpolated shell command
    system("tar czf /backups/#{params[:name]}.tgz /srv/data")
    # safe: argument list form, no shell
    system("tar", "czf", "/backups/latest.tgz", "/srv/data")
  end
end
