#include <cstring>

void copy(char *d, const char *s, std::size_t n) {
    // ruleid: conformance.cpp.focus-mv-arg
    strncpy(d, s, strlen(s));
    // ok: conformance.cpp.focus-mv-arg
    strncpy(d,
            s,
            // ruleid: conformance.cpp.focus-mv-arg
            strlen(s));
    // ok: conformance.cpp.focus-mv-arg
    strncpy(d, s, n);
}
