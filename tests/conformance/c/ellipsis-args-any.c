#include <stdio.h>

void read_line(char *buf, int n) {
    // ruleid: conformance.c.ellipsis-args-any
    gets(buf);
    // ruleid: conformance.c.ellipsis-args-any
    gets();
    // ok: conformance.c.ellipsis-args-any
    fgets(buf, n, stdin);
    // ok: conformance.c.ellipsis-args-any
    getsx(buf);
}
