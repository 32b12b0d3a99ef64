#include <stdio.h>
#include <stdlib.h>

void run_command(char *cmd);
char *read_name(char *buf, int n);

int main(void) {
    char buf[100];
    char *name = read_name(buf, 100);
    run_command(name);
    run_command("ls");
    return 0;
}
