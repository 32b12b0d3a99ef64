#include <stdio.h>
#include <stdlib.h>

FILE *open_temp(void) {
    char name[] = "/tmp/dataXXXXXX";
    // ruleid: c.unsafe.insecure-temp-file
    mktemp(name);
    char buf[L_tmpnam];
    // ruleid: c.unsafe.insecure-temp-file
    tmpnam(buf);
    return fopen(name, "w");
}

FILE *safe(void) {
    char name[] = "/tmp/dataXXXXXX";
    // ok: c.unsafe.insecure-temp-file
    int fd = mkstemp(name);
    // ok: c.unsafe.insecure-temp-file
    FILE *t = tmpfile();
    (void)t;
    return fdopen(fd, "w");
}
