#include <string.h>

void copy(char *d, const char *s, size_t n) {
    // ruleid: conformance.c.focus-mv-arg
    memcpy(d, s, strlen(s));
    // ok: conformance.c.focus-mv-arg
    memcpy(d,
           s,
           // ruleid: conformance.c.focus-mv-arg
           strlen(s));
    // ok: conformance.c.focus-mv-arg
    memcpy(d, s, n);
}
