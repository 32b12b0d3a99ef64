#include <stdio.h>

void fmt(char *buf, size_t n, const char *user) {
    // ruleid: conformance.c.ellipsis-args-trailing
    snprintf(buf, n, "%s", user);
    // ruleid: conformance.c.ellipsis-args-trailing
    snprintf(buf, n, user);
    // ok: conformance.c.ellipsis-args-trailing
    snprintf(buf, n, "%d", 5);
    // ok: conformance.c.ellipsis-args-trailing
    sprintf(buf, "%s", user);
    // ok: conformance.c.ellipsis-args-trailing
    snprintf(buf, n, user, 1);
}
