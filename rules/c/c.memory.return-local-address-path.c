#include <stdlib.h>
#include <string.h>

char *local_array(void) {
    char buf[16];
    strcpy(buf, "name");
    // ruleid: c.memory.return-local-address-path
    return buf;
}

int *local_variable(void) {
    int value = 4;
    int *p = &value;
    // ruleid: c.memory.return-local-address-path
    return p;
}

char *static_array(void) {
    static char buf[16];
    strcpy(buf, "name");
    // ok: c.memory.return-local-address-path
    return buf;
}

char *heap_copy(void) {
    char buf[16];
    strcpy(buf, "name");
    // ok: c.memory.return-local-address-path
    return strdup(buf);
}

const char *literal(void) {
    // ok: c.memory.return-local-address-path
    return "name";
}
