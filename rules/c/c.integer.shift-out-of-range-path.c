#include <stdint.h>

uint32_t too_far(void) {
    uint32_t a = 1;
    int shift = 32;
    // ruleid: c.integer.shift-out-of-range-path
    return a << shift;
}

int negative(int a) {
    int r = a;
    // ruleid: c.integer.shift-out-of-range-path
    r >>= -1;
    return r;
}

int computed(void) {
    int a = 1;
    int n = 6;
    // ruleid: c.integer.shift-out-of-range-path
    return a << (5 * n + 2);
}

uint64_t wide_enough(void) {
    uint64_t a = 1;
    // ok: c.integer.shift-out-of-range-path
    return a << 32;
}

uint32_t in_range(int n) {
    uint32_t a = 1;
    if (n < 0 || n >= 32)
        return 0;
    // ok: c.integer.shift-out-of-range-path
    return a << n;
}

int char_promotes_to_int(char c) {
    // ok: c.integer.shift-out-of-range-path
    return c << 24;
}

/* C++ in a header read as C: the C grammar takes the cast for two comparisons. */
uint64_t joined(uint32_t hi, uint32_t lo) {
    // ok: c.integer.shift-out-of-range-path
    return (static_cast<uint64_t>(hi) << 32) | lo;
}
