#include <cstdint>
#include <cstdlib>

int *make(std::size_t count) {
    // ruleid: cpp.memory.allocation-size-overflow
    int *v = static_cast<int *>(malloc(count * sizeof(int)));
    return v;
}

double *grow(double *list, std::size_t n) {
    // ruleid: cpp.memory.allocation-size-overflow
    return static_cast<double *>(realloc(list, n * sizeof(double)));
}

int *checked(std::size_t count) {
    if (count > SIZE_MAX / sizeof(int)) {
        return nullptr;
    }
    // ok: cpp.memory.allocation-size-overflow
    return static_cast<int *>(malloc(count * sizeof(int)));
}

int *constant() {
    // ok: cpp.memory.allocation-size-overflow
    return static_cast<int *>(malloc(32 * sizeof(int)));
}
