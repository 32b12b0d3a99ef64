#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define MAX_ITEMS 1024

static const int DEBUG = 0;

struct header {
    unsigned int len;
    unsigned int count;
};

void direct(void) {
    // ruleid: c.memory.allocation-size-taint
    char *p = malloc(atoi(getenv("SIZE")));
    free(p);
}

void through_variables(void) {
    char line[32];
    fgets(line, sizeof line, stdin);
    long n = strtol(line, NULL, 10);
    size_t bytes = n * 16;
    // ruleid: c.memory.allocation-size-taint
    char *p = malloc(bytes);
    free(p);
}

void scanf_number(void) {
    int count;
    scanf("%d", &count);
    // ruleid: c.memory.allocation-size-taint
    int *items = calloc(count, sizeof(int));
    free(items);
}

void network_header(int sock, char *dst) {
    struct header h;
    char payload[4096];
    recv(sock, &h, sizeof h, 0);
    recv(sock, payload, sizeof payload, 0);
    // ruleid: c.memory.allocation-size-taint
    memcpy(dst, payload, h.len);
}

void read_length(int sock, char *dst) {
    char payload[4096];
    unsigned int len = 0;
    recv(sock, payload, sizeof payload, 0);
    len = (unsigned int) atoi(payload);
    // ruleid: c.memory.allocation-size-taint
    memcpy(dst, payload, len);
}

void through_struct(void) {
    struct header h;
    h.count = atoi(getenv("COUNT"));
    h.len = 16;
    // ruleid: c.memory.allocation-size-taint
    void *p = realloc(NULL, h.count);
    // ok: c.memory.allocation-size-taint
    void *q = malloc(h.len);
    free(p);
    free(q);
}

void through_array(void) {
    int sizes[2];
    sizes[0] = atoi(getenv("SIZE"));
    // ruleid: c.memory.allocation-size-taint
    char *p = malloc(sizes[0]);
    free(p);
}

void constant_size(void) {
    // ok: c.memory.allocation-size-taint
    char *p = malloc(MAX_ITEMS * sizeof(int));
    free(p);
}

void dead_branch(void) {
    int n = 64;
    if (0) {
        n = atoi(getenv("SIZE"));
    }
    // ok: c.memory.allocation-size-taint
    char *p = malloc(n);
    free(p);
}

void overwritten(void) {
    int n = atoi(getenv("SIZE"));
    n = 64;
    // ok: c.memory.allocation-size-taint
    char *p = malloc(n);
    free(p);
}

void random_size(void) {
    size_t n = rand();
    if (n > strlen("hello")) {
        // ruleid: c.memory.allocation-size-taint
        char *p = malloc(n * sizeof(char));
        free(p);
    }
}

void upper_bound_checked(void) {
    size_t n = 0;
    fscanf(stdin, "%zu", &n);
    if (n > strlen("hello") && n < 100) {
        // ok: c.memory.allocation-size-taint
        char *p = malloc(n * sizeof(char));
        free(p);
    }
}

void upper_bound_reversed(void) {
    int n = atoi(getenv("SIZE"));
    if (MAX_ITEMS >= n) {
        // ok: c.memory.allocation-size-taint
        char *p = malloc(n);
        free(p);
    }
}

void only_sign_checked(void) {
    int n = atoi(getenv("SIZE"));
    if (n < 0) {
        return;
    }
    // ruleid: c.memory.allocation-size-taint
    char *p = malloc(n);
    free(p);
}

void loop_bound_is_not_a_check(void) {
    int n = atoi(getenv("SIZE"));
    int total = 0;
    for (int i = 0; i < n; i++) {
        total += i;
    }
    // ruleid: c.memory.allocation-size-taint
    char *p = malloc(n + total);
    free(p);
}

static int parse_size(const char *s) {
    return atoi(s) * 2;
}

void through_helper(void) {
    int n = parse_size(getenv("SIZE"));
    // ruleid: c.memory.allocation-size-taint
    char *p = malloc(n);
    free(p);
}

void *alloc_items(int count) {
    // ruleid: c.memory.allocation-size-taint
    return calloc(count, 32);
}

void calls_sink(void) {
    alloc_items(atoi(getenv("N")));
}

void *grow(int size, int steps) {
    if (steps == 0) {
        // ruleid: c.memory.allocation-size-taint
        return malloc(size);
    }
    return grow(size * 2, steps - 1);
}

int main(int argc, char *argv[]) {
    grow(atoi(argv[1]), 3);
    int n = atoi(argv[2]);
    char buf[64];
    // ruleid: c.memory.allocation-size-taint
    memset(buf, 0, n);
    return 0;
}

char *copy_env(void) {
    const char *home = getenv("HOME");
    // ok: c.memory.allocation-size-taint
    char *copy = (char *)malloc(strlen(home) + 1);
    strcpy(copy, home);
    return copy;
}

void copy_line(FILE *f, char *dst) {
    char line[256];
    fgets(line, sizeof line, f);
    size_t n = strlen(line);
    // ok: c.memory.allocation-size-taint
    memcpy(dst, line, n);
}

int bounded_by_return(FILE *f, char *dst) {
    char line[256];
    unsigned n;
    fgets(line, sizeof line, f);
    n = atoi(line);
    if (n > 64)
        return -1;
    // ok: c.memory.allocation-size-taint
    memcpy(dst, line, n);
    return 0;
}

void bounded_by_clamp(FILE *f, char *dst) {
    char line[256];
    unsigned n;
    fgets(line, sizeof line, f);
    n = atoi(line);
    if (n >= sizeof line)
        n = sizeof line - 1;
    // ok: c.memory.allocation-size-taint
    memcpy(dst, line, n);
}

void lower_bound_then_leave(FILE *f, char *dst) {
    char line[256];
    unsigned n;
    fgets(line, sizeof line, f);
    n = atoi(line);
    if (n > 0) {
        return;
    }
    // ruleid: c.memory.allocation-size-taint
    memcpy(dst, line, n);
}

void bigger_only_inside(FILE *f) {
    char line[256];
    unsigned n;
    fgets(line, sizeof line, f);
    n = atoi(line);
    if (n > strlen(line)) {
        // ruleid: c.memory.allocation-size-taint
        char *p = (char *)malloc(n);
        free(p);
    }
}

void copy_what_was_read(int fd, char *dst) {
    char buffer[64];
    long got = read(fd, buffer, sizeof buffer);
    if (got < 0) {
        return;
    }
    // ok: c.memory.allocation-size-taint
    memcpy(dst, buffer, got);
}

void copy_declared_length(int fd, char *dst) {
    unsigned int len;
    char buffer[64];
    long got = read(fd, &len, sizeof len);
    if (got < 0) {
        return;
    }
    // ruleid: c.memory.allocation-size-taint
    memcpy(dst, buffer, len);
}
