#include <stdlib.h>

void twice(char *buf, int error) {
    free(buf);
    if (error) {
        // ruleid: c.memory.double-free
        free(buf);
    }
}

void again(char *buf) {
    free(buf);
    // ruleid: c.memory.double-free
    free(buf);
}

void reset(char *buf) {
    // ok: c.memory.double-free
    free(buf);
    buf = NULL;
    // ok: c.memory.double-free
    free(buf);
}

void different(char *a, char *b) {
    // ok: c.memory.double-free
    free(a);
    // ok: c.memory.double-free
    free(b);
}

struct pair {
    char *first;
    char *second;
};

void release_pair(struct pair *p) {
    free(p->first);
    free(p->second);
    // ok: c.memory.double-free
    free(p);
}

void release_all(char **items, int n) {
    int i;
    for (i = 0; i < n; i++) {
        // ok: c.memory.double-free
        free(items[i]);
    }
    // ok: c.memory.double-free
    free(items);
}

void fail_then_free(char *buf, int error) {
    if (error) {
        free(buf);
        exit(1);
    }
    // ok: c.memory.double-free
    free(buf);
}

void abort_then_free(char *buf, int error) {
    if (error) {
        free(buf);
        abort();
    }
    // ok: c.memory.double-free
    free(buf);
}

#include <stdio.h>

void reread(char *line, FILE *in) {
    size_t cap = 0;
    free(line);
    getline(&line, &cap, in);
    // ok: c.memory.double-free
    free(line);
}

void inspect(char **slot);

int create(const char *name, char **out);

void recreated_through_output_parameter(char *buf) {
    free(buf);
    create("x", &buf);
    // ok: c.memory.double-free
    free(buf);
}

void passed_by_address(char *buf) {
    free(buf);
    inspect(&buf);
    // Whether the callee stores a new value through its parameter is not looked at: any call
    // given &buf counts as one that may.
    // todoruleid: c.memory.double-free
    free(buf);
}

void same_field_twice(struct pair *p) {
    free(p->first);
    // A freed field or element is not tracked: freeing the parts and then the whole is the
    // common case, and the engine cannot tell the two apart.
    // todoruleid: c.memory.double-free
    free(p->first);
}

struct item {
    char *name;
};

static void destroy_item(struct item *it) {
    free(it->name);
    free(it);
}

void free_each_element_then_the_list(struct item **list, int n) {
    int i;
    for (i = 0; i < n; i++) {
        // The callee frees the element `list[i]`, not the array `list` that holds it.
        destroy_item(list[i]);
    }
    // ok: c.memory.double-free
    free(list);
}

void destroy_twice(struct item *it) {
    destroy_item(it);
    // ruleid: c.memory.double-free
    free(it);
}
