#include <cstdlib>

struct Pair { int a; int b; };

void bad_delete(void) {
    Pair pairs[10];
    Pair *data = pairs;
    // ruleid: cpp.memory.free-non-heap
    delete[] data;
}

void bad_free(void) {
    long value = 1;
    long *data = &value;
    // ruleid: cpp.memory.free-non-heap
    free(data);
}

void good(void) {
    Pair *data = new Pair[10];
    // ok: cpp.memory.free-non-heap
    delete[] data;
}
