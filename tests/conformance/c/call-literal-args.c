#include <stdlib.h>

void clean(const char *cmd) {
    // ruleid: conformance.c.call-literal-args
    system("rm -rf /tmp/cache");
    // ok: conformance.c.call-literal-args
    system("rm -rf /tmp/other");
    // ok: conformance.c.call-literal-args
    system(cmd);
    // ruleid: conformance.c.call-literal-args
    system(
        "rm -rf /tmp/cache");
    // ok: conformance.c.call-literal-args
    popen("rm -rf /tmp/cache", "r");
}
