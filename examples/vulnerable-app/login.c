/* Legacy login prompt for the demo shop (deliberately vulnerable). */
#include <stdio.h>
#include <string.h>

int check_user(const char *input) {
    char user[16];
    char line[64];

    /* VULNERABLE: unbounded read */
    gets(line);
    /* VULNERABLE: unbounded copy of caller data into a 16-byte buffer */
    strcpy(user, input);
    /* safe: constant source, and bounded copy */
    strcpy(user, "guest");
    snprintf(user, sizeof user, "%s", line);
    return strcmp(user, "admin") == 0;
}
