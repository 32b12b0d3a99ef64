#include <cstring>

void join(const char *dir, const char *name) {
    char path[256];
    std::strcpy(path, dir);
    // ruleid: cpp.memory.strncat-sizeof-destination
    strncat(path, name, sizeof(path));
    // ruleid: cpp.memory.strncat-sizeof-destination
    strncat(path, name, sizeof path);
    // ok: cpp.memory.strncat-sizeof-destination
    strncat(path, name, sizeof(path) - std::strlen(path) - 1);
    // ok: cpp.memory.strncat-sizeof-destination
    strncat(path, ".txt", 4);
}
