#include <stdlib.h>

int grow(char **out, char *buf, size_t size) {
    // ruleid: c.memory.realloc-same-pointer
    buf = realloc(buf, size * 2);
    // ruleid: c.memory.realloc-same-pointer
    *out = (char *)realloc(*out, size);
    return buf != NULL;
}

int safe(char **out, char *buf, size_t size) {
    // ok: c.memory.realloc-same-pointer
    char *tmp = realloc(buf, size * 2);
    if (tmp == NULL) {
        free(buf);
        return -1;
    }
    // ok: c.memory.realloc-same-pointer
    buf = tmp;
    *out = buf;
    return 0;
}
