function save(token: string, key: string): void {
  // ruleid: conformance.typescript.call-literal-args
  localStorage.setItem("token", token);
  // ruleid: conformance.typescript.call-literal-args
  localStorage.setItem('token', "abc");
  // ok: conformance.typescript.call-literal-args
  localStorage.setItem(key, token);
  // ok: conformance.typescript.call-literal-args
  sessionStorage.setItem("token", token);
  // ok: conformance.typescript.call-literal-args
  localStorage.getItem("token");
}
