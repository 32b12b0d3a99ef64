#include <string.h>

void f(char *d, const char *s, size_t n) {
    // ruleid: conformance.c.metavar-regex-func
    strcpy(d, s);
    // ruleid: conformance.c.metavar-regex-func
    strcat(d, s);
    // ok: conformance.c.metavar-regex-func
    strncpy(d, s, n);
    // ok: conformance.c.metavar-regex-func
    strlen(s);
    // ok: conformance.c.metavar-regex-func
    strcpy_s(d, n, s);
}

void strcpy_s(char *d, size_t n, const char *s) {}
