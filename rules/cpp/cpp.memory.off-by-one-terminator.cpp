#include <cstdlib>
#include <cstring>

void copy_name(const char *input) {
    char name[32];
    strncpy(name, input, sizeof(name));
    // ruleid: cpp.memory.off-by-one-terminator
    name[sizeof(name)] = '\0';
    char tag[8];
    // ruleid: cpp.memory.off-by-one-terminator
    tag[sizeof tag] = 0;
    // ok: cpp.memory.off-by-one-terminator
    name[sizeof(name) - 1] = '\0';
    // ok: cpp.memory.off-by-one-terminator
    tag[sizeof(tag) - 1] = 0;
}
