require "fileutils"

DEBUG = false
BASE = "/srv/uploads/"

class FilesController < ApplicationController
  def direct
    # ruleid: ruby.path-traversal.file-taint
    send_file(BASE + params[:name])
  end

  def interpolation
    user = cookies[:user]
    path = "/home/#{user}/.profile"
    # ruleid: ruby.path-traversal.file-taint
    render plain: File.read(path)
  end

  def block_open
    name = params[:name]
    # ruleid: ruby.path-traversal.file-taint
    File.open(File.join(BASE, name), "w") { |f| f.write("x") }
  end

  def basename
    name = File.basename(params[:name])
    # ok: ruby.path-traversal.file-taint
    send_file(BASE + name)
  end

  def dead_branch
    name = "index.html"
    if false
      name = params[:name]
    end
    # ok: ruby.path-traversal.file-taint
    send_file(BASE + name)
  end

  def overwritten
    name = params[:name]
    name = "index.html"
    # ok: ruby.path-traversal.file-taint
    send_file(BASE + name)
  end
end

class Upload
  attr_accessor :dest, :src

  def initialize
    @src = "/tmp/upload.bin"
  end
end

def through_object
  u = Upload.new
  u.dest = params[:dest]
  # ruleid: ruby.path-traversal.file-taint
  FileUtils.mv(u.src, u.dest)
  # ok: ruby.path-traversal.file-taint
  FileUtils.mv(u.src, "/srv/archive/")
end

def through_array
  victims = []
  victims.push(params[:path])
  # ruleid: ruby.path-traversal.file-taint
  FileUtils.rm_rf(victims.first)
end

def through_hash
  cfg = {}
  cfg[:dir] = ENV["DATA_DIR"]
  # ok: ruby.path-traversal.file-taint
  FileUtils.mkdir_p(cfg[:dir] + "/cache")
end

def cli
  # ok: ruby.path-traversal.file-taint
  File.delete(ARGV[0])
end

def under(dir, file)
  return File.join(dir, file)
end

def through_helper
  p = under(BASE, request.headers["X-File"])
  # ruleid: ruby.path-traversal.file-taint
  IO.read(p)
end

def load(file)
  # ruleid: ruby.path-traversal.file-taint
  File.readlines(file)
end

def calls_sink
  load(BASE + params[:doc])
end

def descend(dir, depth)
  if depth == 0
    # ok: ruby.path-traversal.file-taint
    return Dir.glob(dir + "/*")
  end
  descend(dir + "/sub", depth - 1)
end

def starts_recursion
  descend(ENV["ROOT"], 2)
end

class AttachmentsController < ApplicationController
  def download
    @attachment = Attachment.find(params[:id])
    # ok: ruby.path-traversal.file-taint
    send_file @attachment.diskfile
    # ruleid: ruby.path-traversal.file-taint
    send_file File.join("/srv/files", params[:name])
  end
end
