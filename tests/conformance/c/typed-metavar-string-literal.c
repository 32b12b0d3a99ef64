int same(int n) {
    // ruleid: conformance.c.typed-metavar-string-literal
    if ("a" == "b") return 1;
    // ok: conformance.c.typed-metavar-string-literal
    if (n == 3) return 2;
    return 0;
}
