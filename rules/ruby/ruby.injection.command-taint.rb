require "open3"
require "shellwords"

DEBUG = false

class PingController < ApplicationController
  def direct
    # ruleid: ruby.injection.command-taint
    system("ping -c 1 " + params[:host])
  end

  def interpolation
    host = params[:host]
    cmd = "nslookup #{host}"
    line = cmd
    # ruleid: ruby.injection.command-taint
    out, _status = Open3.capture2(line)
  end

  def header
    tool = request.headers["X-Tool"]
    # ruleid: ruby.injection.command-taint
    IO.popen("#{tool} --version") { |io| io.read }
  end

  def cookie
    file = cookies[:file]
    # ruleid: ruby.injection.command-taint
    exec(format("cat /var/log/%s", file))
  end

  def sanitized
    host = Shellwords.escape(params[:host])
    # ok: ruby.injection.command-taint
    system("ping -c 1 #{host}")
  end

  def sanitized_method
    host = params[:host].shellescape
    # ok: ruby.injection.command-taint
    system("ping -c 1 #{host}")
  end

  def sanitized_int
    n = params[:count].to_i
    # ok: ruby.injection.command-taint
    system("ping -c #{n} localhost")
  end

  def argument_list
    # ok: ruby.injection.command-taint
    system("ping", "-c", "1", params[:host])
  end
end

class Job
  attr_accessor :script, :name

  def initialize
    @name = "backup"
  end

  def run_from_env
    @script = ENV["BACKUP_SCRIPT"]
    # ok: ruby.injection.command-taint
    system(@script)
    # ok: ruby.injection.command-taint
    system("run #{@name}")
  end
end

def through_object
  job = Job.new
  job.script = ARGV[0]
  # ok: ruby.injection.command-taint
  system(job.script)
end

def through_array
  parts = ["ls"]
  parts << params[:dir]
  # todoruleid: ruby.injection.command-taint
  system(parts.join(" "))
end

def through_push
  parts = []
  parts.push(gets)
  # ok: ruby.injection.command-taint
  spawn(parts.first)
end

def through_hash
  opts = {}
  opts[:dir] = ENV.fetch("DIR")
  # ok: ruby.injection.command-taint
  system("ls " + opts[:dir])
end

def through_for
  for f in params[:files]
    # ruleid: ruby.injection.command-taint
    system("rm #{f}")
  end
end

def through_each
  params[:files].each do |f|
    # ruleid: ruby.injection.command-taint
    system("rm #{f}")
  end
end

def dead_branch
  cmd = "uptime"
  if false
    cmd = params[:cmd]
  end
  # ok: ruby.injection.command-taint
  system(cmd)
end

def dead_branch_const
  cmd = "uptime"
  cmd = params[:cmd] if DEBUG
  # ok: ruby.injection.command-taint
  system(cmd)
end

def overwritten
  cmd = params[:cmd]
  cmd = "uptime"
  # ok: ruby.injection.command-taint
  system(cmd)
end

def identity(x)
  x
end

def identity_explicit(x)
  return x
end

def through_helper_explicit
  c = identity_explicit(params[:cmd])
  # ruleid: ruby.injection.command-taint
  system(c)
end

def through_helper
  c = identity(params[:cmd])
  # ruleid: ruby.injection.command-taint
  system(c)
end

def run_shell(command)
  # ruleid: ruby.injection.command-taint
  Open3.capture3(command)
end

def calls_sink
  run_shell("echo " + request.headers["X-Msg"])
end

def retry_cmd(command, n)
  if n.zero?
    # ruleid: ruby.injection.command-taint
    return system(command)
  end
  retry_cmd(command, n - 1)
end

def starts_recursion
  retry_cmd(params[:cmd], 3)
end

def or_default
  cmd = params[:cmd] || "uptime"
  # ruleid: ruby.injection.command-taint
  system(cmd)
end

def percent_format
  cmd = "ls %s" % params[:dir]
  # ruleid: ruby.injection.command-taint
  system(cmd)
end

def mapped
  cmds = params[:dirs].map { |d| "ls #{d}" }
  # ruleid: ruby.injection.command-taint
  system(cmds.first)
end

def string_methods
  cmd = params[:cmd].strip.downcase
  # ruleid: ruby.injection.command-taint
  system(cmd)
end

def in_case
  x = params[:cmd]
  case x
  when ""
    return
  else
    # ruleid: ruby.injection.command-taint
    system(x)
  end
end

def strong_params
  # ruleid: ruby.injection.command-taint
  system(params.require(:job).permit(:cmd)[:cmd])
end
