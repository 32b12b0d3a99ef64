#include <stdlib.h>

void negative_index(void) {
    int a[4];
    // ruleid: c.memory.buffer-underrun-path
    a[-1] = 0;
}

void moved_back(void) {
    int a[4];
    int *p = a;
    p--;
    // ruleid: c.memory.buffer-underrun-path
    *p = 0;
}

void counting_down(void) {
    int a[4];
    for (int i = 3; i >= 0; i--)
        // ok: c.memory.buffer-underrun-path
        a[i] = 0;
}

void counting_down_too_far(void) {
    int a[4];
    for (int i = 3; i >= -1; i--)
        // ruleid: c.memory.buffer-underrun-path
        a[i] = 0;
}
