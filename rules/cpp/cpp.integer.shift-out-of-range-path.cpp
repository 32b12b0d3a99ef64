#include <cstdint>
#include <iostream>

int too_far() {
    int a = 1;
    // ruleid: cpp.integer.shift-out-of-range-path
    return a << 40;
}

void stream_output() {
    // ok: cpp.integer.shift-out-of-range-path
    std::cout << 100;
}

int64_t wide_enough() {
    int64_t a = 1;
    // ok: cpp.integer.shift-out-of-range-path
    return a << 40;
}
