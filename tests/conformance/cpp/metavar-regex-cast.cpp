void casts(const char *p, long v) {
    // ruleid: conformance.cpp.metavar-regex-cast
    char *a = const_cast<char *>(p);
    // ruleid: conformance.cpp.metavar-regex-cast
    long *b = reinterpret_cast<long *>(v);
    // ok: conformance.cpp.metavar-regex-cast
    int c = static_cast<int>(v);
    // ok: conformance.cpp.metavar-regex-cast
    const void *d = static_cast<const void *>(p);
    (void)a; (void)b; (void)c; (void)d;
}
