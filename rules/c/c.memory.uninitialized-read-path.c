#include <stdio.h>
#include <string.h>

struct pair {
    int first;
    int second;
};

static const int verbose = 0;

int never_assigned(void) {
    int count;
    if (verbose)
        count = 1;
    // ruleid: c.memory.uninitialized-read-path
    return count;
}

int assigned_on_every_path(int flag) {
    int count;
    if (flag)
        count = 1;
    else
        count = 2;
    // ok: c.memory.uninitialized-read-path
    return count;
}

int assigned_on_one_path(int flag) {
    int count;
    if (flag)
        count = 1;
    // ok: c.memory.uninitialized-read-path
    return count;
}

int field_never_written(void) {
    struct pair p;
    p.first = 1;
    // ok: c.memory.uninitialized-read-path
    int a = p.first;
    // ruleid: c.memory.uninitialized-read-path
    int b = p.second;
    return a + b;
}

int filled_by_a_call(void) {
    struct pair p;
    memset(&p, 0, sizeof p);
    // ok: c.memory.uninitialized-read-path
    return p.second;
}

int element_never_written(void) {
    int table[4];
    table[0] = 7;
    // ruleid: c.memory.uninitialized-read-path
    return table[2];
}

int elements_filled_in_a_loop(void) {
    int table[4];
    for (int i = 0; i < 4; i++)
        table[i] = i;
    // ok: c.memory.uninitialized-read-path
    return table[2];
}

void pointer_never_set(const char *src) {
    char *dst;
    // ruleid: c.memory.uninitialized-read-path
    strcpy(dst, src);
}

int read_through_scanf(void) {
    int n;
    if (scanf("%d", &n) != 1)
        return 0;
    // ok: c.memory.uninitialized-read-path
    return n;
}
