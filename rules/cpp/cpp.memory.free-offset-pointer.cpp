#include <stdlib.h>
#include <string.h>

void bad_scan(char *data) {
    for (; *data != '\0'; data++) {
        if (*data == 'S') {
            break;
        }
    }
    // ruleid: cpp.memory.free-offset-pointer
    free(data);
}

void bad_offset(void) {
    char *data = (char *)malloc(64);
    if (data == NULL) {
        return;
    }
    data += 4;
    // An offset by compound assignment is not seen yet: the target of `+=` is a place, not a read.
    // todoruleid: cpp.memory.free-offset-pointer
    free(data);
}

void good_index(char *data) {
    size_t i;
    for (i = 0; data[i] != '\0'; i++) {
        if (data[i] == 'S') {
            break;
        }
    }
    // ok: cpp.memory.free-offset-pointer
    free(data);
}

void good_second_pointer(char *data) {
    char *p = data;
    while (*p != '\0') {
        p++;
    }
    // ok: cpp.memory.free-offset-pointer
    free(data);
}

void good_counter_stored(char **slots, int *values) {
    int i = 0;
    while (i < 4) {
        slots[i] = (char *)&values[i];
        i++;
    }
    // ok: cpp.memory.free-offset-pointer
    free(slots);
}

void good_free_each(char **items, int n) {
    for (int i = 0; i < n; i++) {
        // ok: cpp.memory.free-offset-pointer
        delete[] items[i];
    }
}

struct Parser {
    void skip(char *text);
};

void Parser::skip(char *text) {
    while (*text == ' ') {
        ++text;
    }
    // ruleid: cpp.memory.free-offset-pointer
    delete[] text;
}

void good_copy_after_scan(char *text) {
    char *end = text;
    char *copy;
    while (*end != ' ') {
        end++;
    }
    copy = (char *)malloc(end - text + 1);
    // ok: cpp.memory.free-offset-pointer
    free(copy);
    copy = (char *)malloc(end - text + 1);
    memcpy(copy, text, end - text);
    // A call passes its arguments' taint to a pointer argument (memcpy's destination here),
    // so the length computed from the moved pointer marks `copy`.
    // todook: cpp.memory.free-offset-pointer
    free(copy);
    // ruleid: cpp.memory.free-offset-pointer
    free(end);
}
