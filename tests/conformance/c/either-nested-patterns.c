#include <stdlib.h>
#include <time.h>

int pick(unsigned s) {
    // ruleid: conformance.c.either-nested-patterns
    srand(42);
    // ruleid: conformance.c.either-nested-patterns
    srand(s);
    // ok: conformance.c.either-nested-patterns
    srand(time(NULL));
    // ruleid: conformance.c.either-nested-patterns
    int r = rand();
    // ok: conformance.c.either-nested-patterns
    int q = random_int();
    return r + q;
}
