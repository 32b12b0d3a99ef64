#include <stdlib.h>
#include <string.h>
#include <stdio.h>

struct node { int id; char *name; };

void field_after_free(void) {
    struct node *n = malloc(sizeof(struct node));
    if (!n)
        return;
    free(n);
    // ruleid: c.memory.use-after-free-path
    n->id = 1;
}

void index_after_free(void) {
    char *p = malloc(8);
    if (!p)
        return;
    free(p);
    // ruleid: c.memory.use-after-free-path
    p[0] = 'x';
}

void copy_after_free(const char *s) {
    char *p = malloc(8);
    if (!p)
        return;
    char *alias = p;
    free(p);
    // ruleid: c.memory.use-after-free-path
    strcpy(alias, s);
}

void use_then_free(void) {
    char *p = malloc(8);
    if (!p)
        return;
    // ok: c.memory.use-after-free-path
    p[0] = 'x';
    free(p);
}

void freed_on_one_path(int c) {
    char *p = malloc(8);
    if (!p)
        return;
    if (c) {
        free(p);
        p = malloc(8);
        if (!p)
            return;
    }
    // ok: c.memory.use-after-free-path
    p[0] = 'x';
    free(p);
}
