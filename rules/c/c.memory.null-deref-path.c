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

struct conf { int lib; };

/* Called below with `b == NULL`: after the first test `a` is not null, so the
   dereference of `b` is never reached. */
static int pick_lib(struct conf *a, struct conf *b) {
    if (a == NULL && b == NULL)
        return -1;
    // ok: c.memory.null-deref-path
    return a != NULL ? a->lib : b->lib;
}

int lib_of(struct conf *a) {
    return pick_lib(a, NULL);
}

static int pick_unchecked(struct conf *a, struct conf *b) {
    // ruleid: c.memory.null-deref-path
    return a != NULL ? a->lib : b->lib;
}

int lib_of_unchecked(struct conf *a) {
    return pick_unchecked(a, NULL);
}

/* `get_conf` is not declared here: it may be a macro that sets `c`. */
int set_by_macro(void) {
    struct conf *c = NULL;
    get_conf(c);
    // ok: c.memory.null-deref-path
    return c->lib;
}
