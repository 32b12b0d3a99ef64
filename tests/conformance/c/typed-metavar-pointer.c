int compare(int a, int *p, char *s) {
    // ok: conformance.c.typed-metavar-pointer
    if (a == 2) return 0;
    // ruleid: conformance.c.typed-metavar-pointer
    if (p == 0) return 1;
    // ruleid: conformance.c.typed-metavar-pointer
    if (s == "x") return 2;
    return 3;
}
