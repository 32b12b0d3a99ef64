#include <cstdlib>

struct Point { int x, y; };

void arrays(std::size_t n) {
    char *buf = new char[n];
    // ruleid: cpp.memory.mismatched-new-delete
    delete buf;
    Point *p = new Point(1, 2);
    // ruleid: cpp.memory.mismatched-new-delete
    delete[] p;
    int *raw = (int *)malloc(n * sizeof(int));
    // ruleid: cpp.memory.mismatched-new-delete
    delete raw;
}

void good(std::size_t n) {
    char *buf = new char[n];
    // ok: cpp.memory.mismatched-new-delete
    delete[] buf;
    Point *p = new Point(1, 2);
    // ok: cpp.memory.mismatched-new-delete
    delete p;
    int *raw = (int *)malloc(n * sizeof(int));
    // ok: cpp.memory.mismatched-new-delete
    free(raw);
}
