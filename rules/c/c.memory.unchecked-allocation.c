#include <stdlib.h>
#include <string.h>

struct node { int value; struct node *next; };

void bad(size_t n, const char *s) {
    int *v = malloc(n * sizeof(int));
    // ruleid: c.memory.unchecked-allocation
    v[0] = 42;
    struct node *node = (struct node *)malloc(sizeof(struct node));
    // ruleid: c.memory.unchecked-allocation
    node->value = 1;
    char *copy = malloc(strlen(s) + 1);
    // ruleid: c.memory.unchecked-allocation
    strcpy(copy, s);
}

int good(size_t n) {
    int *v = malloc(n * sizeof(int));
    if (v == NULL) {
        return -1;
    }
    // ok: c.memory.unchecked-allocation
    v[0] = 42;
    struct node *node = malloc(sizeof(struct node));
    if (node != NULL) {
        // ok: c.memory.unchecked-allocation
        node->value = 1;
    }
    return 0;
}
