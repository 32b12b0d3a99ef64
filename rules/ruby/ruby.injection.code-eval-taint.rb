DEBUG = false

class CalcController < ApplicationController
  def direct
    # ruleid: ruby.injection.code-eval-taint
    render plain: eval(params[:expr]).to_s
  end

  def through_variables
    body = params[:code]
    src = "lambda { #{body} }"
    # ruleid: ruby.injection.code-eval-taint
    fn = eval(src)
  end

  def dispatch
    action = params[:op]
    # ruleid: ruby.injection.code-eval-taint
    Calculator.new.public_send(action, 1, 2)
  end

  def constant_lookup
    klass = params[:type]
    # ruleid: ruby.injection.code-eval-taint
    model = klass.constantize
  end

  def instance
    code = request.headers["X-Code"]
    # ruleid: ruby.injection.code-eval-taint
    self.class.class_eval("def hook; #{code}; end")
  end

  def sanitized_int
    n = params[:n].to_i
    # ok: ruby.injection.code-eval-taint
    render plain: eval("#{n} * 2").to_s
  end

  def allow_list
    op = { "add" => :+, "sub" => :- }.fetch("add")
    # ok: ruby.injection.code-eval-taint
    1.public_send(op, 2)
  end
end

class Hook
  attr_accessor :code, :fixed

  def initialize
    @fixed = "1 + 1"
  end
end

def through_object
  h = Hook.new
  h.code = ENV["HOOK"]
  # ok: ruby.injection.code-eval-taint
  eval(h.code)
  # ok: ruby.injection.code-eval-taint
  eval(h.fixed)
end

def through_array
  lines = ["x = 1"]
  lines.push(STDIN.gets)
  # ok: ruby.injection.code-eval-taint
  eval(lines.join("\n"))
end

def dead_branch
  code = "1"
  if false
    code = params[:code]
  end
  # ok: ruby.injection.code-eval-taint
  eval(code)
end

def overwritten
  code = params[:code]
  code = "1"
  # ok: ruby.injection.code-eval-taint
  eval(code)
end

def wrap(x)
  return "(" + x + ")"
end

def through_helper
  w = wrap(params[:e])
  # ruleid: ruby.injection.code-eval-taint
  eval(w)
end

def evaluate(code)
  # ruleid: ruby.injection.code-eval-taint
  instance_eval(code)
end

def calls_sink
  evaluate(cookies[:snippet])
end

def nest(code, n)
  if n == 0
    # ruleid: ruby.injection.code-eval-taint
    return eval(code)
  end
  nest("(" + code + ")", n - 1)
end

def starts_recursion
  nest(params[:e], 3)
end

class AllowListController < ApplicationController
  KINDS = %w[Issue Project].freeze

  def by_kind
    name = params[:kind].to_s.camelize
    if KINDS.include?(name)
      # ok: ruby.injection.code-eval-taint
      name.constantize
    end
    # ruleid: ruby.injection.code-eval-taint
    Object.const_get(name)
  end

  def by_kind_or_leave
    name = params[:kind].to_s
    return head(:bad_request) unless KINDS.include?(name)
    # ok: ruby.injection.code-eval-taint
    Object.const_get(name)
  end

  def with_block
    options = params[:opts]
    # A block passed with `&` is code the program wrote.
    # ok: ruby.injection.code-eval-taint
    instance_eval(&options)
  end
end
