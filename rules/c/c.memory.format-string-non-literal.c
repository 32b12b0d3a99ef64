#include <stdio.h>
#include <syslog.h>

#define LOG_FMT "%s\n"

void report(const char *msg, FILE *out, char *buf, size_t n) {
    // ruleid: c.memory.format-string-non-literal
    printf(msg);
    // ruleid: c.memory.format-string-non-literal
    fprintf(out, msg);
    // ruleid: c.memory.format-string-non-literal
    snprintf(buf, n, msg);
    // ruleid: c.memory.format-string-non-literal
    syslog(LOG_ERR, msg);
}

void safe(const char *msg, FILE *out, char *buf, size_t n) {
    // ok: c.memory.format-string-non-literal
    printf("%s\n", msg);
    // ok: c.memory.format-string-non-literal
    fprintf(out, "error: %s\n", msg);
    // ok: c.memory.format-string-non-literal
    snprintf(buf, n, "%s", msg);
    // ok: c.memory.format-string-non-literal
    printf(LOG_FMT, msg);
}
