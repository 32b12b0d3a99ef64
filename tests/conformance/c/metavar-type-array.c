#include <unistd.h>

void load(int fd) {
    char small[16];
    char large[4096];
    // ruleid: conformance.c.metavar-type-array
    read(fd, small, 64);
    // ok: conformance.c.metavar-type-array
    read(fd, large, 64);
}
