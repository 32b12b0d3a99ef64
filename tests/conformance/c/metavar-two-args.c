#include <string.h>

void copy(char *dst, const char *src, size_t n) {
    // ruleid: conformance.c.metavar-two-args
    strcpy(dst, src);
    // ruleid: conformance.c.metavar-two-args
    strcpy(dst + 1, "x");
    // ok: conformance.c.metavar-two-args
    strncpy(dst, src, n);
    // ok: conformance.c.metavar-two-args
    strcat(dst, src);
    // ok: conformance.c.metavar-two-args
    memcpy(dst, src, n);
}
