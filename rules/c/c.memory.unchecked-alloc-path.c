#include <stdlib.h>
#include <string.h>

void unchecked(void) {
    char *p = malloc(8);
    // ruleid: c.memory.unchecked-alloc-path
    p[0] = 0;
    free(p);
}

void unchecked_copy(const char *s) {
    char *p = calloc(8, 1);
    // ruleid: c.memory.unchecked-alloc-path
    strncpy(p, s, 7);
    free(p);
}

void checked(void) {
    char *p = malloc(8);
    if (p == NULL)
        return;
    // ok: c.memory.unchecked-alloc-path
    p[0] = 0;
    free(p);
}

void checked_exit(void) {
    char *p = malloc(8);
    if (!p)
        abort();
    // ok: c.memory.unchecked-alloc-path
    p[0] = 0;
    free(p);
}

void checked_in_condition(void) {
    char *p;
    if ((p = malloc(8)) != NULL) {
        // ok: c.memory.unchecked-alloc-path
        p[0] = 0;
        free(p);
    }
}
