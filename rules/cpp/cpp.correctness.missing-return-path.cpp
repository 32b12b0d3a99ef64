#include <stdio.h>
#include <stdlib.h>

int sign(int x) {
    if (x > 0)
        return 1;
    else if (x < 0)
        return -1;
// ruleid: cpp.correctness.missing-return-path
}

int lookup(int key) {
    switch (key) {
    case 1:
        return 10;
    case 2:
        break;
    default:
        return -1;
    }
// ruleid: cpp.correctness.missing-return-path
}

int sign_fixed(int x) {
    if (x > 0)
        return 1;
    else if (x < 0)
        return -1;
    return 0;
// ok: cpp.correctness.missing-return-path
}

int covered(int x) {
    if (x > 0)
        return 1;
    if (x <= 0)
        return 0;
// ok: cpp.correctness.missing-return-path
}

int fails(int x) {
    if (x)
        return 1;
    exit(2);
// ok: cpp.correctness.missing-return-path
}

#define DIE(msg) do { fputs(msg, stderr); abort(); } while (0)

int dies(int x) {
    if (x)
        return 1;
    DIE("bad");
// ok: cpp.correctness.missing-return-path
}

int fatal_elsewhere(int x) {
    if (x)
        return 1;
    fatal("bad");
// ok: cpp.correctness.missing-return-path
}

void nothing(int x) {
    if (x)
        return;
// ok: cpp.correctness.missing-return-path
}

int main(void) {
    printf("%d\n", sign(2));
// ok: cpp.correctness.missing-return-path
}
