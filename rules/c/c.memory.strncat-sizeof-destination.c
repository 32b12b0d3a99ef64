#include <string.h>

void join(const char *dir, const char *name) {
    char path[256];
    strcpy(path, dir);
    // ruleid: c.memory.strncat-sizeof-destination
    strncat(path, name, sizeof(path));
    // ruleid: c.memory.strncat-sizeof-destination
    strncat(path, name, strlen(name));
    // ok: c.memory.strncat-sizeof-destination
    strncat(path, name, sizeof(path) - strlen(path) - 1);
    // ok: c.memory.strncat-sizeof-destination
    strncat(path, "/", 1);
}
