#include <string.h>

void copy(char *dst, const char *src, size_t n) {
    // ruleid: conformance.c.ellipsis-args-leading-mv
    memcpy(dst, src, n);
    // ruleid: conformance.c.ellipsis-args-leading-mv
    memcpy(dst + 4, src, 16);
    // ok: conformance.c.ellipsis-args-leading-mv
    memmove(dst, src, n);
    // ok: conformance.c.ellipsis-args-leading-mv
    memset(dst, 0, n);
}
