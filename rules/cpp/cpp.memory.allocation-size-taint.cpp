#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sys/socket.h>

#define MAX_ITEMS 1024

void direct() {
    // ruleid: cpp.memory.allocation-size-taint
    char *p = new char[atoi(getenv("SIZE"))];
    delete[] p;
}

void from_socket(int sock) {
    char buf[32];
    recv(sock, buf, sizeof buf - 1, 0);
    size_t n = strtoul(buf, NULL, 0);
    if (n > strlen("hello")) {
        // ruleid: cpp.memory.allocation-size-taint
        wchar_t *p = new wchar_t[n];
        delete[] p;
    }
}

void from_cin() {
    size_t count = 0;
    std::cin >> count;
    // ruleid: cpp.memory.allocation-size-taint
    int *items = static_cast<int *>(malloc(count * sizeof(int)));
    free(items);
}

void from_rand() {
    size_t n = rand();
    // ruleid: cpp.memory.allocation-size-taint
    char *p = new char[n];
    delete[] p;
}

void bounded(void) {
    size_t n = 0;
    fscanf(stdin, "%zu", &n);
    if (n > strlen("hello") && n < 100) {
        // ok: cpp.memory.allocation-size-taint
        char *p = new char[n];
        delete[] p;
    }
}

void bounded_by_macro() {
    size_t n = rand();
    if (n <= MAX_ITEMS) {
        // ok: cpp.memory.allocation-size-taint
        char *p = new char[n];
        delete[] p;
    }
}

void constant_size() {
    size_t n = 20;
    if (n > strlen("hello")) {
        // ok: cpp.memory.allocation-size-taint
        char *p = new char[n];
        delete[] p;
    }
}

void overwritten() {
    size_t n = rand();
    n = 64;
    // ok: cpp.memory.allocation-size-taint
    char *p = new char[n];
    delete[] p;
}

static char *make_buffer(size_t size) {
    // ruleid: cpp.memory.allocation-size-taint
    return new char[size];
}

void through_helper() {
    delete[] make_buffer(atoi(getenv("SIZE")));
}

unsigned shift_is_not_input(unsigned flags, unsigned bits) {
    unsigned n = flags >> bits;
    // ok: cpp.memory.allocation-size-taint
    char *p = new char[bits];
    delete[] p;
    return n;
}

char *copy_env(void) {
    const char *home = getenv("HOME");
    // ok: cpp.memory.allocation-size-taint
    char *copy = (char *)malloc(strlen(home) + 1);
    strcpy(copy, home);
    return copy;
}

void copy_line(FILE *f, char *dst) {
    char line[256];
    fgets(line, sizeof line, f);
    size_t n = strlen(line);
    // ok: cpp.memory.allocation-size-taint
    memcpy(dst, line, n);
}

int bounded_by_return(FILE *f, char *dst) {
    char line[256];
    unsigned n;
    fgets(line, sizeof line, f);
    n = atoi(line);
    if (n > 64)
        return -1;
    // ok: cpp.memory.allocation-size-taint
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
    // ok: cpp.memory.allocation-size-taint
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
    // ruleid: cpp.memory.allocation-size-taint
    memcpy(dst, line, n);
}

void bigger_only_inside(FILE *f) {
    char line[256];
    unsigned n;
    fgets(line, sizeof line, f);
    n = atoi(line);
    if (n > strlen(line)) {
        // ruleid: cpp.memory.allocation-size-taint
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
    // ok: cpp.memory.allocation-size-taint
    memcpy(dst, buffer, got);
}

void copy_declared_length(int fd, char *dst) {
    unsigned int len;
    char buffer[64];
    long got = read(fd, &len, sizeof len);
    if (got < 0) {
        return;
    }
    // ruleid: cpp.memory.allocation-size-taint
    memcpy(dst, buffer, len);
}
