#include <stdlib.h>

void leak(size_t n) {
    char *p;
    // ruleid: conformance.c.not-inside-malloc-free
    p = malloc(n);
    p[0] = 1;
}

void ok(size_t n) {
    char *q;
    // ok: conformance.c.not-inside-malloc-free
    q = malloc(n);
    q[0] = 1;
    free(q);
}

void other(size_t n, char *z) {
    char *r;
    // ruleid: conformance.c.not-inside-malloc-free
    r = malloc(n);
    free(z);
    // ok: conformance.c.not-inside-malloc-free
    r = calloc(n, 1);
}
