#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    char buf[64];
    // ruleid: conformance.c.deep-expr-argv
    system(argv[1]);
    // ruleid: conformance.c.deep-expr-argv
    system(strcat(buf, argv[2]));
    // ok: conformance.c.deep-expr-argv
    system(buf);
    // ok: conformance.c.deep-expr-argv
    system("ls");
    // ok: conformance.c.deep-expr-argv
    strcat(buf, argv[1]);
    return argc;
}
