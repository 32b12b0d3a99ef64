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

/* A macro that assigns its second argument; the parser does not expand it. */
#define load16(p, v) ((v) = ((p)[0] << 8) | (p)[1], (p) += 2)

int read_through_a_macro(const unsigned char *p) {
    int len;
    load16(p, len);
    // ok: c.memory.uninitialized-read-path
    return len;
}

void show(int v);

void passed_to_a_declared_function(void) {
    int shown;
    // ruleid: c.memory.uninitialized-read-path
    show(shown);
}

unsigned written_on_both_branches(int bits, unsigned k) {
    unsigned w[2];
    if (bits > 128)
        w[0] = k * 3;
    else
        w[0] = 0;
    // ok: c.memory.uninitialized-read-path
    w[0] ^= k;
    return w[0];
}

struct pos { int pass; int lane; };

void copy_filled_struct(struct pos *out) {
    struct pos p;
    p.pass = 1;
    p.lane = 2;
    // ok: c.memory.uninitialized-read-path
    memcpy(out, &p, sizeof p);
}
