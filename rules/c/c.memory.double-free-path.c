#include <stdlib.h>
#include <string.h>

void twice(void) {
    char *p = malloc(16);
    free(p);
    // ruleid: c.memory.double-free-path
    free(p);
}

void through_copy(void) {
    char *p = malloc(16);
    char *q = p;
    free(q);
    // ruleid: c.memory.double-free-path
    free(p);
}

static void release(char *buf) {
    free(buf);
}

void through_helper(void) {
    char *p = malloc(16);
    release(p);
    // ruleid: c.memory.double-free-path
    free(p);
}

void exit_ends_the_path(int fail) {
    char *p = malloc(16);
    if (fail) {
        free(p);
        exit(1);
    }
    // ok: c.memory.double-free-path
    free(p);
}

void one_branch_only(int c) {
    char *p = malloc(16);
    if (c)
        free(p);
    // ok: c.memory.double-free-path
    free(p);
}

void reassigned(void) {
    char *p = malloc(16);
    free(p);
    p = malloc(32);
    // ok: c.memory.double-free-path
    free(p);
}

void elements_then_array(int n) {
    char **rows = malloc(n * sizeof(char *));
    if (!rows)
        return;
    for (int i = 0; i < n; i++)
        free(rows[i]);
    // ok: c.memory.double-free-path
    free(rows);
}

void cleared(void) {
    char *p = malloc(16);
    free(p);
    p = NULL;
    // ok: c.memory.double-free-path
    free(p);
}

static char *fetch_released(void) {
    char *p = malloc(16);
    if (p == NULL)
        exit(1);
    free(p);
    return p;
}

void freed_by_the_source(void) {
    char *data = fetch_released();
    // ruleid: c.memory.double-free-path
    free(data);
}

static char *fetch(void) {
    char *p = malloc(16);
    if (p == NULL)
        exit(1);
    return p;
}

void freed_once(void) {
    char *data = fetch();
    // ok: c.memory.double-free-path
    free(data);
}
