#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct msg { char text[64]; int len; };

void bad(struct msg *m, char *data) {
    free(m);
    // ruleid: c.memory.use-after-free
    printf("%d\n", m->len);
    free(data);
    // ruleid: c.memory.use-after-free
    data[0] = 'x';
    // ruleid: c.memory.use-after-free
    strcpy(data, "hello");
}

void good(struct msg *m, char *data) {
    // ok: c.memory.use-after-free
    printf("%d\n", m->len);
    free(m);
    free(data);
    data = malloc(16);
    // ok: c.memory.use-after-free
    data[0] = 'x';
}
