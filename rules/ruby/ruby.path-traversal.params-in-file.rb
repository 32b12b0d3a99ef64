class FilesController < ApplicationController
  def show
    # ruleid: ruby.path-traversal.params-in-file
    send_file File.join("/srv/uploads", params[:name])
  end

  def raw
    # ruleid: ruby.path-traversal.params-in-file
    render plain: File.read("/srv/uploads/#{params[:name]}")
  end

  def destroy
    # ruleid: ruby.path-traversal.params-in-file
    FileUtils.rm_f(File.join("/srv/uploads", params[:name]))
  end

  def safe
    # ok: ruby.path-traversal.params-in-file
    send_file File.join("/srv/uploads", File.basename(params[:name]))
    # ok: ruby.path-traversal.params-in-file
    File.read("/etc/app/config.yml")
  end
end
