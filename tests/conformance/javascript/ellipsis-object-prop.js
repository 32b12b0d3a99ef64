function login(res, token, flag) {
  // ruleid: conformance.javascript.ellipsis-object-prop
  res.cookie("sid", token, { secure: false });
  // ruleid: conformance.javascript.ellipsis-object-prop
  res.cookie("sid", token, { httpOnly: true, secure: false, maxAge: 1000 });
  // ok: conformance.javascript.ellipsis-object-prop
  res.cookie("sid", token, { secure: true });
  // ok: conformance.javascript.ellipsis-object-prop
  res.cookie("sid", token, { httpOnly: false });
  // ok: conformance.javascript.ellipsis-object-prop
  res.cookie("sid", token, { secure: flag });
  // ok: conformance.javascript.ellipsis-object-prop
  res.cookie("sid", token);
}
