#include <cstdlib>

void twice() {
    int *p = new int[4];
    delete[] p;
    // ruleid: cpp.memory.double-free-path
    delete[] p;
}

void object() {
    int *p = new int(1);
    int *q = p;
    delete q;
    // ruleid: cpp.memory.double-free-path
    delete p;
}

void throws(bool bad) {
    int *p = new int(1);
    if (bad) {
        delete p;
        throw 1;
    }
    // ok: cpp.memory.double-free-path
    delete p;
}
