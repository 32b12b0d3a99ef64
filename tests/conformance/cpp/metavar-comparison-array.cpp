void bufs() {
    // ruleid: conformance.cpp.metavar-comparison-array
    char a[8];
    // ruleid: conformance.cpp.metavar-comparison-array
    char b[2];
    // ok: conformance.cpp.metavar-comparison-array
    char c[9];
    // ok: conformance.cpp.metavar-comparison-array
    char d[1024];
    (void)a; (void)b; (void)c; (void)d;
}
