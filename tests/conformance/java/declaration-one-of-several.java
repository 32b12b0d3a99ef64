class A {
  void f(HttpServletRequest request) {
    // ruleid: conformance.java.declaration-one-of-several
    String a = "x", b = request.getParameter("b");
    // ruleid: conformance.java.declaration-one-of-several
    String c = request.getParameter("c");
    // ok: conformance.java.declaration-one-of-several
    String d = "x", e = request.getHeader("e");
    // ok: conformance.java.declaration-one-of-several
    int n = 1, m = request.getParameter("m").length();
  }
}
