#include <cstdio>

struct Session { int id; void close(); };

void bad(Session *s, int *v) {
    delete s;
    // ruleid: cpp.memory.use-after-delete
    std::printf("%d\n", s->id);
    delete[] v;
    // ruleid: cpp.memory.use-after-delete
    v[0] = 1;
}

void good(Session *s) {
    // ok: cpp.memory.use-after-delete
    std::printf("%d\n", s->id);
    delete s;
    s = new Session{2};
    // ok: cpp.memory.use-after-delete
    s->close();
}
