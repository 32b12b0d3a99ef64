#include <stdlib.h>

static int counter;

void local_array(void) {
    char buf[32];
    // ruleid: c.memory.free-non-heap-path
    free(buf);
}

void address_of_local(void) {
    int x = 0;
    int *p = &x;
    // ruleid: c.memory.free-non-heap-path
    free(p);
}

void global(void) {
    // ruleid: c.memory.free-non-heap-path
    free(&counter);
}

void literal(void) {
    char *s = "text";
    // ruleid: c.memory.free-non-heap-path
    free(s);
}

void heap(void) {
    char *p = malloc(4);
    // ok: c.memory.free-non-heap-path
    free(p);
}

void maybe(int c) {
    char buf[4];
    char *p = c ? buf : malloc(4);
    if (p != buf)
        // ok: c.memory.free-non-heap-path
        free(p);
}

void parameter(char *p) {
    // ok: c.memory.free-non-heap-path
    free(p);
}
