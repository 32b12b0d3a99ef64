#include <stdio.h>
#include <stdlib.h>

char *read_name(char *buf, int n) {
    fgets(buf, n, stdin);
    return buf;
}

void run_command(char *cmd) {
    // ruleid: c.injection.command-taint
    system(cmd);
}
