#include <stdlib.h>

struct item { int id; };

void inside_null_check(struct item *it) {
    if (it == NULL) {
        // ruleid: c.memory.null-deref-path
        it->id = 0;
    }
}

void assigned_null(void) {
    int *p = NULL;
    // ruleid: c.memory.null-deref-path
    *p = 1;
}

void failed_allocation(void) {
    int *p = malloc(sizeof(int));
    if (!p) {
        // ruleid: c.memory.null-deref-path
        *p = 0;
        return;
    }
    free(p);
}

void guarded(struct item *it) {
    // ok: c.memory.null-deref-path
    if (it != NULL && it->id > 0)
        it->id = 0;
}

void reassigned(int *q) {
    int *p = NULL;
    p = q;
    // ok: c.memory.null-deref-path
    *p = 1;
}

void maybe_null(int c, int *q) {
    int *p = NULL;
    if (c)
        p = q;
    // ok: c.memory.null-deref-path
    *p = 1;
}
