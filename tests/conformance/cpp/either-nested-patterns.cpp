#include <cstdlib>
#include <ctime>

int pick(unsigned s) {
    // ruleid: conformance.cpp.either-nested-patterns
    std::srand(s);
    // ok: conformance.cpp.either-nested-patterns
    std::srand(std::time(nullptr));
    // ruleid: conformance.cpp.either-nested-patterns
    int r = std::rand();
    // ok: conformance.cpp.either-nested-patterns
    int q = std::abs(r);
    return r + q;
}
