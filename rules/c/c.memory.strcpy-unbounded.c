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
