#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    // ruleid: conformance.c.metavar-funcname
    system(argv[1]);
    // ruleid: conformance.c.metavar-funcname
    puts(argv[1]);
    // ok: conformance.c.metavar-funcname
    puts(argv[2]);
    // ok: conformance.c.metavar-funcname
    printf("%s", argv[1]);
    // ok: conformance.c.metavar-funcname
    puts(argv);
    return argc;
}
