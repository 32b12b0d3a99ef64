#include <stdlib.h>
#include <string.h>

struct config { int port; char host[64]; };

struct config *load(void) {
    // ruleid: c.memory.sizeof-pointer-allocation
    struct config *cfg = (struct config *)malloc(sizeof(cfg));
    char *name;
    // ruleid: c.memory.sizeof-pointer-allocation
    name = (char *)malloc(sizeof(name));
    // ok: c.memory.sizeof-pointer-allocation
    struct config *good = (struct config *)malloc(sizeof(*good));
    // ok: c.memory.sizeof-pointer-allocation
    struct config *also = (struct config *)malloc(sizeof(struct config));
    free(name);
    free(cfg);
    return good ? good : also;
}
