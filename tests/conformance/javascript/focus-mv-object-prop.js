function setCookies(res, token) {
  // ruleid: conformance.javascript.focus-mv-object-prop
  res.cookie("a", token, { httpOnly: false });
  // ok: conformance.javascript.focus-mv-object-prop
  res.cookie("b", token, {
    secure: true,
    // ruleid: conformance.javascript.focus-mv-object-prop
    httpOnly: false,
  });
  // ok: conformance.javascript.focus-mv-object-prop
  res.cookie("c", token, { httpOnly: true });
}
