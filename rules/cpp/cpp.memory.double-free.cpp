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

struct Pair {
    char *first;
    char *second;
};

void release_pair(Pair *p) {
    free(p->first);
    free(p->second);
    // ok: cpp.memory.double-free
    free(p);
}

void release_all(char **items, int n) {
    for (int i = 0; i < n; i++) {
        // ok: cpp.memory.double-free
        free(items[i]);
    }
    // ok: cpp.memory.double-free
    free(items);
}

void fail_then_free(char *buf, bool error) {
    if (error) {
        free(buf);
        std::exit(1);
    }
    // ok: cpp.memory.double-free
    free(buf);
}
