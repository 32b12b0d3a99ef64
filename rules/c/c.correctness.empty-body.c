#include <unistd.h>

int check(int len, int x) {
    // ruleid: c.correctness.empty-body
    if (len == 0);
    x++;
    return x;
}

void spin(void) {
    int i = 0;
    // ruleid: c.correctness.empty-body
    while (i < 10);
    i++;
}

int count(const char *s) {
    int n = 0;
    // ok: c.correctness.empty-body
    while (s[n])
        n++;
    return n;
}

void ignore(int fd) {
    // ok: c.correctness.empty-body
    if (write(fd, "x", 1) < 0);
}

extern volatile int ready;

void wait_ready(void) {
    // ok: c.correctness.empty-body
    while (!ready);
}

void halt(void) {
    // ok: c.correctness.empty-body
    while (1);
}
