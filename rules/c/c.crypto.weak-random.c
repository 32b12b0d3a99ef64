#include <stdlib.h>
#include <sys/random.h>
#include <time.h>

unsigned session_token(void) {
    srand((unsigned)time(NULL));
    // ruleid: c.crypto.weak-random
    return (unsigned)rand();
}

long nonce(void) {
    // ruleid: c.crypto.weak-random
    return random();
}

int safe(unsigned char *out, size_t n) {
    // ok: c.crypto.weak-random
    ssize_t r = getrandom(out, n, 0);
    // ok: c.crypto.weak-random
    int operand = strand(3);
    return r == (ssize_t)n && operand;
}
