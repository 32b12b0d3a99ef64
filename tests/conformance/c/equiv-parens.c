void check(int x) {}

void f(int a, int b, int c) {
    // ruleid: conformance.c.equiv-parens
    check(a && b);
    // ruleid: conformance.c.equiv-parens
    check((a && b));
    // ruleid: conformance.c.equiv-parens
    check((a) && (b));
    // ok: conformance.c.equiv-parens
    check(a || b);
    // ok: conformance.c.equiv-parens
    check((a && b) || c);
}
