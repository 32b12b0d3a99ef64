function handle(req, res, next) {
  // ruleid: conformance.javascript.ellipsis-args-leading-mv
  res.redirect(req.query.next);
  // ruleid: conformance.javascript.ellipsis-args-leading-mv
  res.redirect("/home", 302);
  // ok: conformance.javascript.ellipsis-args-leading-mv
  res.redirect();
  // ok: conformance.javascript.ellipsis-args-leading-mv
  res.render("home", {});
  // ok: conformance.javascript.ellipsis-args-leading-mv
  redirect("/home");
}
