#include <cstdlib>
#include <random>

unsigned token() {
    // ruleid: cpp.crypto.weak-random
    return static_cast<unsigned>(std::rand());
}

long nonce() {
    // ruleid: cpp.crypto.weak-random
    return rand() % 1000000;
}

unsigned safe() {
    // ok: cpp.crypto.weak-random
    std::random_device rd;
    // ok: cpp.crypto.weak-random
    return rd();
}
