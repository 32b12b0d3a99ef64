#include <stdlib.h>

void advanced(void) {
    char *p = malloc(8);
    if (!p)
        return;
    p++;
    // ruleid: c.memory.free-offset-path
    free(p);
}

void plus(void) {
    int *p = malloc(8 * sizeof(int));
    // ruleid: c.memory.free-offset-path
    free(p + 2);
}

void restored(void) {
    char *p = malloc(8);
    if (!p)
        return;
    p += 3;
    p -= 3;
    // ok: c.memory.free-offset-path
    free(p);
}

void kept_start(void) {
    char *start = malloc(8);
    char *p = start;
    p++;
    // ok: c.memory.free-offset-path
    free(start);
}

void scanned_then_freed(void) {
    char *text = malloc(16);
    if (text == NULL)
        return;
    text[15] = '\0';
    for (; *text != '\0' && *text != ' '; text++) {
    }
    // ruleid: c.memory.free-offset-path
    free(text);
}

void scanned_with_a_cursor(void) {
    char *text = malloc(16);
    char *cur;
    if (text == NULL)
        return;
    text[15] = '\0';
    for (cur = text; *cur != '\0' && *cur != ' '; cur++) {
    }
    // ok: c.memory.free-offset-path
    free(text);
}
