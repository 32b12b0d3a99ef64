#include <stdio.h>
#include <string.h>

struct pair { int one; int two; };

void print_int(int v);

void bad_deref(void) {
    int *data = NULL;
    // ruleid: c.memory.null-dereference
    print_int(*data);
}

void bad_field(int flag) {
    struct pair *p = NULL;
    if (flag) {
        return;
    }
    // ruleid: c.memory.null-dereference
    print_int(p->one);
}

void bad_string(void) {
    char *name = NULL;
    // ruleid: c.memory.null-dereference
    print_int((int)strlen(name));
}

void good_checked(void) {
    int *data = NULL;
    if (data != NULL) {
        // ok: c.memory.null-dereference
        print_int(*data);
    }
}

void good_assigned(void) {
    int value = 5;
    int *data = NULL;
    data = &value;
    // ok: c.memory.null-dereference
    print_int(*data);
}

void through_pointer_to_pointer(void) {
    int *data = NULL;
    int **holder = &data;
    // ok: c.memory.null-dereference
    int *copy = *holder;
    // ruleid: c.memory.null-dereference
    printf("%d\n", *copy);
}

void through_pointer_to_pointer_set(void) {
    int value = 5;
    int *data = NULL;
    int **holder = &data;
    *holder = &value;
    int *copy = *holder;
    // ok: c.memory.null-dereference
    printf("%d\n", *copy);
}

static void print_through(int **holder) {
    /* holder itself is not NULL; the engine does not tell a pointer from what it points to */
    // todook: c.memory.null-dereference
    int *copy = *holder;
    // ruleid: c.memory.null-dereference
    print_int(*copy);
}

void passes_address(void) {
    int *data = NULL;
    print_through(&data);
}
