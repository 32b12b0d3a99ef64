#include <stdlib.h>
#include <string.h>

void bad_scan(char *data) {
    for (; *data != '\0'; data++) {
        if (*data == 'S') {
            break;
        }
    }
    // ruleid: c.memory.free-offset-pointer
    free(data);
}

void bad_offset(void) {
    char *data = (char *)malloc(64);
    if (data == NULL) {
        return;
    }
    data += 4;
    // An offset by compound assignment is not seen yet: the target of `+=` is a place, not a read.
    // todoruleid: c.memory.free-offset-pointer
    free(data);
}

void good_index(char *data) {
    size_t i;
    for (i = 0; data[i] != '\0'; i++) {
        if (data[i] == 'S') {
            break;
        }
    }
    // ok: c.memory.free-offset-pointer
    free(data);
}

void good_second_pointer(char *data) {
    char *p = data;
    while (*p != '\0') {
        p++;
    }
    // ok: c.memory.free-offset-pointer
    free(data);
}

void good_counter_stored(char **slots, int *values) {
    int i = 0;
    while (i < 4) {
        slots[i] = (char *)&values[i];
        i++;
    }
    // ok: c.memory.free-offset-pointer
    free(slots);
}

void good_free_each(char **items, int n) {
    int i;
    for (i = 0; i < n; i++) {
        // ok: c.memory.free-offset-pointer
        free(items[i]);
    }
}

char *bad_returns_pointer(void) {
    char *data = (char *)malloc(64);
    while (*data == ' ') {
        data++;
    }
    // ruleid: c.memory.free-offset-pointer
    free(data);
    return NULL;
}

void good_copy_after_scan(char *text) {
    char *end = text;
    char *copy;
    while (*end != ' ') {
        end++;
    }
    copy = (char *)malloc(end - text + 1);
    // ok: c.memory.free-offset-pointer
    free(copy);
    copy = (char *)malloc(end - text + 1);
    memcpy(copy, text, end - text);
    // A call passes its arguments' taint to a pointer argument (memcpy's destination here),
    // so the length computed from the moved pointer marks `copy`.
    // todook: c.memory.free-offset-pointer
    free(copy);
    // ruleid: c.memory.free-offset-pointer
    free(end);
}
