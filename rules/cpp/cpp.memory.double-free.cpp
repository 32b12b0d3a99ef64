#include <cstdlib>

void twice(char *buf, bool error) {
    free(buf);
    if (error) {
        // ruleid: cpp.memory.double-free
        free(buf);
    }
}

void again(int *v) {
    std::free(v);
    // ruleid: cpp.memory.double-free
    free(v);
}

void reset(char *buf) {
    // ok: cpp.memory.double-free
    free(buf);
    buf = nullptr;
    // ok: cpp.memory.double-free
    free(buf);
}
