#include <stdlib.h>

void twice(char *buf, int error) {
    free(buf);
    if (error) {
        // ruleid: c.memory.double-free
        free(buf);
    }
}

void again(char *buf) {
    free(buf);
    // ruleid: c.memory.double-free
    free(buf);
}

void reset(char *buf) {
    // ok: c.memory.double-free
    free(buf);
    buf = NULL;
    // ok: c.memory.double-free
    free(buf);
}

void different(char *a, char *b) {
    // ok: c.memory.double-free
    free(a);
    // ok: c.memory.double-free
    free(b);
}
