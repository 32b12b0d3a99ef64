#include <stdlib.h>
#include <string.h>

static char table[64];

void release(char *p) {
    // ruleid: c.memory.free-non-heap
    free(p);
}

void bad_stack(void) {
    char buffer[100];
    char *data = NULL;
    memset(buffer, 'A', 99);
    data = buffer;
    // ruleid: c.memory.free-non-heap
    free(data);
}

void bad_address(void) {
    int value = 5;
    int *data = &value;
    // ruleid: c.memory.free-non-heap
    free(data);
}

void bad_through_call(void) {
    char local[16];
    release(local);
}

void good_heap(void) {
    char *data = (char *)malloc(100);
    if (data == NULL) {
        return;
    }
    memset(data, 'A', 99);
    // ok: c.memory.free-non-heap
    free(data);
}

void good_reassigned(void) {
    char buffer[8];
    char *data = buffer;
    data = (char *)malloc(8);
    // ok: c.memory.free-non-heap
    free(data);
}

struct node {
    struct node *next;
    char *name;
};

void good_field_points_to_stack(void) {
    struct node tail;
    struct node *head = (struct node *)malloc(sizeof *head);
    if (head == NULL) {
        return;
    }
    head->next = &tail;
    // ok: c.memory.free-non-heap
    free(head);
}

void good_through_handle(char **out) {
    char *buf = (char *)malloc(8);
    char **slot = &buf;
    char *got = *slot;
    // What is read through the address of a pointer variable is not stack memory.
    // ok: c.memory.free-non-heap
    free(got);
}

void good_array_of_heap_pointers(void) {
    char *names[4];
    int i;
    for (i = 0; i < 4; i++) {
        names[i] = (char *)malloc(8);
    }
    for (i = 0; i < 4; i++) {
        // ok: c.memory.free-non-heap
        free(names[i]);
    }
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
    // ok: c.memory.free-non-heap
    free(copy);
}

char *lookup(const char *key, unsigned long *len);

void good_result_of_call_given_address(const char *key) {
    unsigned long len = 0;
    char *val = lookup(key, &len);
    // ok: c.memory.free-non-heap
    free(val);
}

void bad_cast_address(void) {
    long value = 1;
    char *data = (char *)&value;
    // ruleid: c.memory.free-non-heap
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
        // ok: c.memory.free-non-heap
        free(parts[i].base);
    }
}

void bad_cast_stack(void) {
    char buffer[16];
    char *data = buffer;
    // ruleid: c.memory.free-non-heap
    free((void *)data);
}

struct link {
    struct link *next;
};

void good_unlink_through_pointer_to_pointer(struct link **head) {
    struct link **pp = head;
    while (*pp != NULL && (*pp)->next != NULL) {
        pp = &(*pp)->next;
    }
    // `pp` holds the address of a `next` field inside a heap node, not of a local.
    struct link *last = *pp;
    // ok: c.memory.free-non-heap
    free(last);
}

void good_field_address_through_pointer(struct link *node) {
    struct link **slot = &node->next;
    struct link *victim = *slot;
    // ok: c.memory.free-non-heap
    free(victim);
}

struct counter {
    int hits;
};

void bad_address_of_local_struct_field(void) {
    struct counter local;
    int *slot = &local.hits;
    // ruleid: c.memory.free-non-heap
    free(slot);
}
