#include <stdlib.h>
#include <string.h>

int error_path(int fd) {
    // ruleid: c.memory.leak-path
    char *p = malloc(64);
    if (!p)
        return -1;
    if (fd < 0)
        return -1;
    free(p);
    return 0;
}

void overwritten(void) {
    // ruleid: c.memory.leak-path
    char *p = malloc(8);
    // ok: c.memory.leak-path
    p = malloc(16);
    free(p);
}

void never_freed(void) {
    // ruleid: c.memory.leak-path
    char *p = malloc(8);
    if (!p)
        return;
    memset(p, 0, 8);
}

void in_a_loop(void) {
    char *p;
    for (;;) {
        // todoruleid: c.memory.leak-path
        p = calloc(5, 1);
        if (p != NULL)
            p[0] = 1;
    }
}

char *returned(void) {
    // ok: c.memory.leak-path
    char *p = malloc(8);
    return p;
}

struct box { char *data; };

void stored(struct box *b) {
    // ok: c.memory.leak-path
    char *p = malloc(8);
    b->data = p;
}

void handed_over(void) {
    // ok: c.memory.leak-path
    char *p = malloc(8);
    register_buffer(p);
}

void freed_on_all_paths(int c) {
    // ok: c.memory.leak-path
    char *p = malloc(8);
    if (!p)
        return;
    if (c) {
        free(p);
        return;
    }
    free(p);
}
