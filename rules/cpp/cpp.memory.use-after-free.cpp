#include <cstdio>
#include <cstdlib>
#include <cstring>

struct Msg { int len; char text[64]; };

void bad(Msg *m, char *data) {
    free(m);
    // ruleid: cpp.memory.use-after-free
    std::printf("%d\n", m->len);
    free(data);
    // ruleid: cpp.memory.use-after-free
    data[0] = 'x';
}

void good(Msg *m, char *data) {
    // ok: cpp.memory.use-after-free
    std::printf("%d\n", m->len);
    free(m);
    free(data);
    data = static_cast<char *>(malloc(8));
    // ok: cpp.memory.use-after-free
    data[0] = 'x';
}
