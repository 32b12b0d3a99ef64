#include <alloca.h>
#include <string.h>

struct item { int id; char name[16]; };

void copy(const char *src, size_t len, int count) {
    // ruleid: c.memory.alloca-non-constant
    char *buf = alloca(len + 1);
    // ruleid: c.memory.alloca-non-constant
    int *ids = alloca(count * sizeof(int));
    // ok: c.memory.alloca-non-constant
    char *fixed = alloca(64);
    // ok: c.memory.alloca-non-constant
    struct item *it = alloca(sizeof(struct item));
    memcpy(buf, src, len);
    (void)ids; (void)fixed; (void)it;
}
