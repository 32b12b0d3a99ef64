#include <stdio.h>

void log_it(const char *msg, FILE *out) {
    // ruleid: conformance.c.seq-mv-args
    fprintf(stderr, "error\n");
    // ruleid: conformance.c.seq-mv-args
    fprintf(stderr, "%s %d\n", msg, 3);
    // ok: conformance.c.seq-mv-args
    fprintf(stdout, "%s\n", msg);
    // ok: conformance.c.seq-mv-args
    fprintf(out, "x");
    // ok: conformance.c.seq-mv-args
    fputs(msg, stderr);
}
