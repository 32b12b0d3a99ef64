#include <stdio.h>

void read_input(FILE *in, const char *line) {
    char name[32];
    char word[16];
    int age;
    // ruleid: c.memory.scanf-unbounded-string
    scanf("%s", name);
    // ruleid: c.memory.scanf-unbounded-string
    fscanf(in, "%d %s", &age, name);
    // ruleid: c.memory.scanf-unbounded-string
    sscanf(line, "%15s %[^\n]", word, name);
    // ok: c.memory.scanf-unbounded-string
    scanf("%31s", name);
    // ok: c.memory.scanf-unbounded-string
    sscanf(line, "%d%%", &age);
    // ok: c.memory.scanf-unbounded-string
    fscanf(in, "%15s %31[^\n]", word, name);
}

void skip_fields(const char *line) {
    char name[32];
    int code;
    // ok: c.memory.scanf-unbounded-string
    sscanf(line, "%*s %d", &code);
    // ok: c.memory.scanf-unbounded-string
    sscanf(line, "%*[^:]:%d", &code);
    // ruleid: c.memory.scanf-unbounded-string
    sscanf(line, "%*s %s", name);
    // ruleid: c.memory.scanf-unbounded-string
    sscanf(line, "%*[^:]:%s", name);
    // ruleid: c.memory.scanf-unbounded-string
    sscanf(line, "%*d %s", name);
    // ok: c.memory.scanf-unbounded-string
    sscanf(line, "%*d %d", &code);
}
