void bufs(void) {
    // ruleid: conformance.c.metavar-comparison-bufsize
    char small[8];
    // ruleid: conformance.c.metavar-comparison-bufsize
    char tiny[1];
    // ok: conformance.c.metavar-comparison-bufsize
    char ok[16];
    // ok: conformance.c.metavar-comparison-bufsize
    char big[256];
    // ok: conformance.c.metavar-comparison-bufsize
    int ints[4];
    (void)small; (void)tiny; (void)ok; (void)big; (void)ints;
}
