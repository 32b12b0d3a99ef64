#include <cstdlib>

struct Pair { int a; int b; };

void bad_delete(void) {
    Pair pairs[10];
    Pair *data = pairs;
    // ruleid: cpp.memory.free-non-heap
    delete[] data;
}

void bad_free(void) {
    long value = 1;
    long *data = &value;
    // ruleid: cpp.memory.free-non-heap
    free(data);
}

void good(void) {
    Pair *data = new Pair[10];
    // ok: cpp.memory.free-non-heap
    delete[] data;
}

struct Node {
    Node *next;
};

void good_field_points_to_stack() {
    Node tail;
    Node *head = new Node;
    head->next = &tail;
    // ok: cpp.memory.free-non-heap
    delete head;
}

void good_through_handle() {
    char *buf = new char[8];
    char **slot = &buf;
    char *got = *slot;
    // What is read through the address of a pointer variable is not stack memory.
    // ok: cpp.memory.free-non-heap
    delete[] got;
}

int convert(const char *in, int n, char *out);

void good_sized_from_stack(const char *text) {
    char scratch[64];
    int need;
    char *copy;
    strcpy(scratch, text);
    need = convert(scratch, 64, NULL);
    copy = (char *)malloc(need + 1);
    convert(scratch, 64, copy);
    // ok: cpp.memory.free-non-heap
    free(copy);
}

char *lookup(const char *key, unsigned long *len);

void good_result_of_call_given_address(const char *key) {
    unsigned long len = 0;
    char *val = lookup(key, &len);
    // ok: cpp.memory.free-non-heap
    free(val);
}

void bad_cast_address(void) {
    long value = 1;
    char *data = (char *)&value;
    // ruleid: cpp.memory.free-non-heap
    free(data);
}

struct chunk {
    char *base;
    int len;
};

void good_array_of_structs_holding_heap(void) {
    struct chunk parts[4];
    int i;
    for (i = 0; i < 4; i++) {
        parts[i].base = (char *)malloc(8);
    }
    for (i = 0; i < 4; i++) {
        // ok: cpp.memory.free-non-heap
        free(parts[i].base);
    }
}

void bad_cast_stack(void) {
    char buffer[16];
    char *data = buffer;
    // ruleid: cpp.memory.free-non-heap
    free((void *)data);
}

struct Link {
    Link *next;
};

void good_unlink_through_pointer_to_pointer(Link **head) {
    Link **pp = head;
    while (*pp != nullptr && (*pp)->next != nullptr) {
        pp = &(*pp)->next;
    }
    // `pp` holds the address of a `next` field inside a heap node, not of a local.
    Link *last = *pp;
    // ok: cpp.memory.free-non-heap
    delete last;
}
