require "open3"

class ImagesController
  def convert
    # ruleid: ruby.injection.system-interpolation
    system("convert #{params[:file]} out.png")
  end

  def list
    # ruleid: ruby.injection.system-interpolation
    `ls -l #{params[:dir]}`
  end

  def grep(pattern)
    # ruleid: ruby.injection.system-interpolation
    out, status = Open3.capture2("grep -r #{pattern} /var/log")
    out
  end

  def safe
    # ok: ruby.injection.system-interpolation
    system("convert", params[:file], "out.png")
    # ok: ruby.injection.system-interpolation
    system("uptime")
    # ok: ruby.injection.system-interpolation
    puts "converted #{params[:file]}"
    # ok: ruby.injection.system-interpolation
    Open3.capture2("git", "log", params[:branch])
    # ok: ruby.injection.system-interpolation
    system("tar", "czf", "#{params[:name]}.tgz", "data")
  end
end
