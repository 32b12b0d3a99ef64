#include <stdio.h>
#include <string.h>

void greet(const char *user) {
    char buf[32];
    // ruleid: c.memory.strcpy-unbounded
    strcpy(buf, user);
    // ruleid: c.memory.strcpy-unbounded
    strcat(buf, user);
    puts(buf);
}

void format(char *out, const char *name, int id) {
    // ruleid: c.memory.strcpy-unbounded
    sprintf(out, "user=%s id=%d", name, id);
}

char *lookup(const char *key, int n);

void nested(char *dst, const char *key) {
    // ruleid: c.memory.strcpy-unbounded
    strcpy(dst,
           // ok: c.memory.strcpy-unbounded
           lookup(key, 1));
}

void safe(const char *user) {
    char buf[32];
    // ok: c.memory.strcpy-unbounded
    strcpy(buf, "guest");
    // ok: c.memory.strcpy-unbounded
    strncpy(buf, user, sizeof buf - 1);
    buf[sizeof buf - 1] = '\0';
    // ok: c.memory.strcpy-unbounded
    snprintf(buf, sizeof buf, "%s", user);
    // ok: c.memory.strcpy-unbounded
    sprintf(buf, "ready");
}

void *malloc(unsigned long n);

char *duplicate(const char *text) {
    char *copy = malloc(strlen(text) + 1);
    if (copy == NULL) {
        return NULL;
    }
    // ok: c.memory.strcpy-unbounded
    strcpy(copy, text);
    return copy;
}

char *join(const char *a, const char *b) {
    char *out;
    size_t n = strlen(a);
    out = malloc(n + strlen(b) + 1);
    // ok: c.memory.strcpy-unbounded
    strcpy(out, a);
    // ok: c.memory.strcpy-unbounded
    strcat(out, b);
    return out;
}

char *join_wrong(const char *a, const char *b) {
    char *out = malloc(strlen(a) + 1);
    // ok: c.memory.strcpy-unbounded
    strcpy(out, a);
    // ruleid: c.memory.strcpy-unbounded
    strcat(out, b);
    return out;
}

void from_literal_variable(void) {
    char buf[32];
    const char *greeting = "hello";
    char word[] = "world";
    // ok: c.memory.strcpy-unbounded
    strcpy(buf, greeting);
    // ok: c.memory.strcpy-unbounded
    strcat(buf, word);
    puts(buf);
}

void fits(const char *user) {
    char small[16];
    char big[64];
    char same[64];
    strncpy(small, user, sizeof small - 1);
    small[sizeof small - 1] = '\0';
    // ok: c.memory.strcpy-unbounded
    strcpy(big, small);
    // ok: c.memory.strcpy-unbounded
    strcpy(same, big);
    // ruleid: c.memory.strcpy-unbounded
    strcpy(small, big);
    // ruleid: c.memory.strcpy-unbounded
    strcat(big, small);
}

void numbers(char *out, const char *name, int id, unsigned long size, double ratio) {
    // ok: c.memory.strcpy-unbounded
    sprintf(out, "%d", id);
    // ok: c.memory.strcpy-unbounded
    sprintf(out, "id=%08x size=%lu ratio=%.2f%%", id, size, ratio);
    // ruleid: c.memory.strcpy-unbounded
    sprintf(out, "%d:%s", id, name);
    // ruleid: c.memory.strcpy-unbounded
    sprintf(out, "%-20s", name);
}

void numbers_from_variable(char *out, const char *fmt, int id) {
    // ruleid: c.memory.strcpy-unbounded
    sprintf(out, fmt, id);
}

int copy_checked(char *buf, size_t size, const char *s) {
    size_t len = strlen(s);
    if (len + 1 >= size) {
        return -1;
    }
    // ok: c.memory.strcpy-unbounded
    strcpy(buf, s);
    return 0;
}

int copy_checked_inline(char *buf, size_t size, const char *s) {
    if (strlen(s) >= size) {
        return -1;
    }
    // ok: c.memory.strcpy-unbounded
    strcpy(buf, s);
    return 0;
}

void copy_allocated_in_condition(char **slot, const char *file) {
    if ((*slot = malloc(strlen(file) + 1)) != NULL)
        // ok: c.memory.strcpy-unbounded
        strcpy(*slot, file);
}

int copy_other_checked(char *buf, size_t size, const char *s, const char *t) {
    if (strlen(t) >= size) {
        return -1;
    }
    // ruleid: c.memory.strcpy-unbounded
    strcpy(buf, s);
    return 0;
}

void copy_allocated_in_else_if(char **slot, const char *file) {
    if (file == NULL)
        *slot = NULL;
    else if ((*slot = malloc(strlen(file) + 1)) != NULL)
        // ok: c.memory.strcpy-unbounded
        strcpy(*slot, file);
}

#define DEFAULT_DIGEST "SHA256"

void copy_macro(char *name, const char *other) {
    // ok: c.memory.strcpy-unbounded
    strcpy(name, DEFAULT_DIGEST);
    // ruleid: c.memory.strcpy-unbounded
    strcpy(name, other);
}
