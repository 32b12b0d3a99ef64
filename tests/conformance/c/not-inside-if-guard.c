int divide(int a, int b, int c) {
    int r = 0;
    // ruleid: conformance.c.not-inside-if-guard
    r = a / b;
    if (b != 0) {
        // ok: conformance.c.not-inside-if-guard
        r = a / b;
    }
    if (c != 0) {
        // ruleid: conformance.c.not-inside-if-guard
        r = a / b;
        // ok: conformance.c.not-inside-if-guard
        r = a / c;
    }
    return r;
}
