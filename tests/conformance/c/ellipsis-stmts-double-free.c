#include <stdlib.h>

void twice(char *p) {
    // ruleid: conformance.c.ellipsis-stmts-double-free
    free(p);
    p[0] = 0;
    free(p);
}

void two(char *a, char *b) {
    // ok: conformance.c.ellipsis-stmts-double-free
    free(a);
    free(b);
}

void once(char *q) {
    // ok: conformance.c.ellipsis-stmts-double-free
    free(q);
}

void nested(char *r) {
    // ruleid: conformance.c.ellipsis-stmts-double-free
    free(r);
    free(r);
}
