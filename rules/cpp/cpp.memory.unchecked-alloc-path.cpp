#include <cstdlib>

void unchecked() {
    char *p = static_cast<char *>(malloc(8));
    // ruleid: cpp.memory.unchecked-alloc-path
    p[0] = 0;
    free(p);
}

void new_never_returns_null() {
    char *p = new char[8];
    // ok: cpp.memory.unchecked-alloc-path
    p[0] = 0;
    delete[] p;
}
