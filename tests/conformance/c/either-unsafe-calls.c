#include <stdio.h>
#include <string.h>

void build(char *d, const char *s, size_t n) {
    // ruleid: conformance.c.either-unsafe-calls
    strcpy(d, s);
    // ruleid: conformance.c.either-unsafe-calls
    strcat(d, s);
    // ruleid: conformance.c.either-unsafe-calls
    sprintf(d, "%s", s);
    // ok: conformance.c.either-unsafe-calls
    strncpy(d, s, n);
    // ok: conformance.c.either-unsafe-calls
    snprintf(d, n, "%s", s);
}
