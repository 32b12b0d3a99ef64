def calc(expr, name)
  # ruleid: ruby.injection.eval-non-literal
  value = eval(expr)
  # ruleid: ruby.injection.eval-non-literal
  User.class_eval("def #{name}; end")
  # ok: ruby.injection.eval-non-literal
  constant = eval("1 + 2")
  # ok: ruby.injection.eval-non-literal
  User.class_eval { attr_accessor :nickname }
  [value, constant]
end
