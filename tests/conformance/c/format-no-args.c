#include <stdio.h>

void show(const char *msg, int n) {
    // ruleid: conformance.c.format-no-args
    printf(msg);
    // ruleid: conformance.c.format-no-args
    printf(msg + n);
    // ok: conformance.c.format-no-args
    printf("%s\n", msg);
    // ok: conformance.c.format-no-args
    printf("hello\n");
    // ok: conformance.c.format-no-args
    printf(msg, n);
}
