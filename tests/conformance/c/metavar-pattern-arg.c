#include <stdlib.h>

void *alloc(size_t n, size_t sz) {
    // ruleid: conformance.c.metavar-pattern-arg
    void *a = malloc(n * sz);
    // ruleid: conformance.c.metavar-pattern-arg
    void *b = malloc(sizeof(int) * n);
    // ok: conformance.c.metavar-pattern-arg
    void *c = malloc(n);
    // ok: conformance.c.metavar-pattern-arg
    void *d = malloc(n + sz);
    // ok: conformance.c.metavar-pattern-arg
    void *e = calloc(n, sz);
    return a ? a : b ? b : c ? c : d ? d : e;
}
