def go(ctl, home)
  # ruleid: conformance.ruby.focus-mv-arg
  ctl.redirect_to(params[:next])
  # ok: conformance.ruby.focus-mv-arg
  ctl.redirect_to(
    # ruleid: conformance.ruby.focus-mv-arg
    params[:back],
    status: 302
  )
  # ok: conformance.ruby.focus-mv-arg
  ctl.redirect_to(home)
end
