#include <cstdio>

void show(const char *msg, int n) {
    // ruleid: conformance.cpp.pattern-not-literal
    printf(msg);
    // ruleid: conformance.cpp.pattern-not-literal
    printf(msg, n);
    // ok: conformance.cpp.pattern-not-literal
    printf("%s\n", msg);
    // ok: conformance.cpp.pattern-not-literal
    printf("done\n");
    // ok: conformance.cpp.pattern-not-literal
    puts(msg);
}
