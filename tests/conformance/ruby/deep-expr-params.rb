def show(code)
  # ruleid: conformance.ruby.deep-expr-params
  eval(params[:code])
  # ruleid: conformance.ruby.deep-expr-params
  eval("x = " + params[:x].to_s)
  # ok: conformance.ruby.deep-expr-params
  eval(code)
  # ok: conformance.ruby.deep-expr-params
  puts(params[:code])
end
