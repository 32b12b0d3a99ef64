#include <stdio.h>
#include <string.h>

int read_name(void) {
    char line[64];
    // ruleid: c.memory.gets
    gets(line);
    return (int)strlen(line);
}

void loop(char *buf) {
    // ruleid: c.memory.gets
    while (gets(buf) != NULL) {
        puts(buf);
    }
}

void safe(FILE *fp) {
    char line[64];
    // ok: c.memory.gets
    fgets(line, sizeof line, stdin);
    // ok: c.memory.gets
    getline_wrapper(line, fp);
    // ok: c.memory.gets
    fgets(line, sizeof line, fp);
}
