void bad(int n) {
    int *p;
    // ruleid: conformance.cpp.ellipsis-stmts-new-delete
    p = new int[n];
    p[0] = 1;
    delete p;
}

void good(int n) {
    int *q;
    // ok: conformance.cpp.ellipsis-stmts-new-delete
    q = new int[n];
    q[0] = 1;
    delete[] q;
}

void other(int n, int *z) {
    int *r;
    // ok: conformance.cpp.ellipsis-stmts-new-delete
    r = new int[n];
    delete z;
    delete[] r;
}

void direct(int n) {
    char *s;
    // ruleid: conformance.cpp.ellipsis-stmts-new-delete
    s = new char[n];
    delete s;
}
