#include <stdint.h>
#include <stdlib.h>

int *make(size_t count) {
    // ruleid: c.memory.allocation-size-overflow
    int *v = malloc(count * sizeof(int));
    return v;
}

char **grow(char **list, size_t n) {
    // ruleid: c.memory.allocation-size-overflow
    char **bigger = realloc(list, n * sizeof(char *));
    return bigger;
}

int *checked(size_t count) {
    if (count > SIZE_MAX / sizeof(int)) {
        return NULL;
    }
    // ok: c.memory.allocation-size-overflow
    int *v = malloc(count * sizeof(int));
    return v;
}

int *constant(void) {
    // ok: c.memory.allocation-size-overflow
    int *v = malloc(16 * sizeof(int));
    // ok: c.memory.allocation-size-overflow
    int *w = calloc(16, sizeof(int));
    free(w);
    return v;
}
