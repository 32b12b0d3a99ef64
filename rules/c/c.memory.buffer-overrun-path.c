#include <stdlib.h>
#include <string.h>

#define SIZE 8

void constant_index(void) {
    int a[SIZE];
    // ruleid: c.memory.buffer-overrun-path
    a[SIZE] = 0;
    // ok: c.memory.buffer-overrun-path
    a[SIZE - 1] = 0;
}

void off_by_one_loop(void) {
    int a[10];
    for (int i = 0; i <= 10; i++)
        // ruleid: c.memory.buffer-overrun-path
        a[i] = i;
}

void loop_in_bounds(void) {
    int a[10];
    for (int i = 0; i < 10; i++)
        // ok: c.memory.buffer-overrun-path
        a[i] = i;
}

void heap_block(void) {
    int *p = malloc(4 * sizeof(int));
    if (!p)
        return;
    // ruleid: c.memory.buffer-overrun-path
    p[4] = 0;
    // ok: c.memory.buffer-overrun-path
    p[3] = 0;
    free(p);
}

void copies(void) {
    char buf[4];
    // ruleid: c.memory.buffer-overrun-path
    strcpy(buf, "four");
    // ok: c.memory.buffer-overrun-path
    strcpy(buf, "two");
    // ruleid: c.memory.buffer-overrun-path
    memset(buf, 0, 5);
}

void two_dimensions(void) {
    int m[3][4];
    // ruleid: c.memory.buffer-overrun-path
    m[1][4] = 0;
    // ok: c.memory.buffer-overrun-path
    m[2][3] = 0;
}

void unknown_length(int n) {
    int a[10];
    for (int i = 0; i < n; i++)
        // ok: c.memory.buffer-overrun-path
        a[i] = i;
}

int table[5];

void set_entry(int index) {
    // ruleid: c.memory.buffer-overrun-path
    table[index] = 1;
}

void set_last(void) {
    set_entry(5);
}

void clear(int *p) {
    // ruleid: c.memory.buffer-overrun-path
    p[4] = 0;
}

void clear_small(void) {
    int small[4];
    clear(small);
}

void initialised_size(void) {
    int a[] = {1, 2, 3};
    // ok: c.memory.buffer-overrun-path
    a[2] = 0;
    // ruleid: c.memory.buffer-overrun-path
    a[3] = 0;
}
