#include <cstdio>

void read_input(std::FILE *in, const char *line) {
    char name[32];
    int age = 0;
    // ruleid: cpp.memory.scanf-unbounded-string
    std::scanf("%s", name);
    // ruleid: cpp.memory.scanf-unbounded-string
    std::sscanf(line, "%d %s", &age, name);
    // ok: cpp.memory.scanf-unbounded-string
    std::scanf("%31s", name);
    // ok: cpp.memory.scanf-unbounded-string
    std::fscanf(in, "%d", &age);
}

void skip_fields(const char *line) {
    char name[32];
    int code;
    // ok: cpp.memory.scanf-unbounded-string
    sscanf(line, "%*s %d", &code);
    // ok: cpp.memory.scanf-unbounded-string
    sscanf(line, "%*[^:]:%d", &code);
    // ruleid: cpp.memory.scanf-unbounded-string
    sscanf(line, "%*s %s", name);
    // ruleid: cpp.memory.scanf-unbounded-string
    sscanf(line, "%*[^:]:%s", name);
    // ruleid: cpp.memory.scanf-unbounded-string
    sscanf(line, "%*d %s", name);
    // ok: cpp.memory.scanf-unbounded-string
    sscanf(line, "%*d %d", &code);
}
