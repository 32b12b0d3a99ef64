#include <alloca.h>
#include <cstring>

void copy(const char *src, std::size_t len) {
    // ruleid: cpp.memory.alloca-non-constant
    char *buf = static_cast<char *>(alloca(len + 1));
    // ruleid: cpp.memory.alloca-non-constant
    int *ids = static_cast<int *>(alloca(len * sizeof(int)));
    // ok: cpp.memory.alloca-non-constant
    char *fixed = static_cast<char *>(alloca(128));
    // ok: cpp.memory.alloca-non-constant
    double *pair = static_cast<double *>(alloca(sizeof(double) * 2));
    (void)pair;
    std::memcpy(buf, src, len);
    (void)ids;
    (void)fixed;
}
