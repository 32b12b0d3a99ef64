#include <stdio.h>
#include <unistd.h>

/* This file has Windows line endings (CRLF). */
void read_line(char *line, int n) {
    /* ruleid: c.unsafe.unchecked-return-value */
    fgets(line, n, stdin);
    /* ruleid: c.unsafe.unchecked-return-value */
    setuid(getuid());
    /* ok: c.unsafe.unchecked-return-value */
    if (fgets(line, n, stdin) == NULL) {
        return;
    }
}
