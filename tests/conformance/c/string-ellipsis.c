#include <stdlib.h>

void run(const char *cmd, char *buf) {
    // ruleid: conformance.c.string-ellipsis
    system("ls -l");
    // ruleid: conformance.c.string-ellipsis
    system("");
    // ok: conformance.c.string-ellipsis
    system(cmd);
    // ok: conformance.c.string-ellipsis
    system(buf + 1);
}
