#include <stdio.h>
#include <string.h>

struct pair { int one; int two; };

void print_int(int v);

void bad_deref(void) {
    int *data = NULL;
    // ruleid: cpp.memory.null-dereference
    print_int(*data);
}

void bad_field(int flag) {
    struct pair *p = NULL;
    if (flag) {
        return;
    }
    // ruleid: cpp.memory.null-dereference
    print_int(p->one);
}

void bad_string(void) {
    char *name = NULL;
    // ruleid: cpp.memory.null-dereference
    print_int((int)strlen(name));
}

void good_checked(void) {
    int *data = NULL;
    if (data != NULL) {
        // ok: cpp.memory.null-dereference
        print_int(*data);
    }
}

void good_assigned(void) {
    int value = 5;
    int *data = NULL;
    data = &value;
    // ok: cpp.memory.null-dereference
    print_int(*data);
}
