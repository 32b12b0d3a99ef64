#include <stdio.h>
#include <unistd.h>

int drop_and_read(char *line, int n, FILE *f) {
    // ruleid: c.unsafe.unchecked-return-value
    setuid(getuid());
    // ruleid: c.unsafe.unchecked-return-value
    fgets(line, n, stdin);
    // ruleid: c.unsafe.unchecked-return-value
    fwrite(line, 1, n, f);
    // ok: c.unsafe.unchecked-return-value
    if (fgets(line, n, stdin) == NULL) return -1;
    // ok: c.unsafe.unchecked-return-value
    size_t got = fread(line, 1, n, f);
    // ok: c.unsafe.unchecked-return-value
    (void)remove("/tmp/scratch");
    // ok: c.unsafe.unchecked-return-value
    printf("%zu\n", got);
    return 0;
}

#define REMOVE remove

void remove_through_macro(void) {
    // ruleid: c.unsafe.unchecked-return-value
    REMOVE("/tmp/scratch");
    // ok: c.unsafe.unchecked-return-value
    if (REMOVE("/tmp/scratch") != 0) {
        return;
    }
}

void impersonate(void) {
    // ruleid: c.unsafe.unchecked-return-value
    ImpersonateSelf(SecurityImpersonation);
    // ok: c.unsafe.unchecked-return-value
    if (!RevertToSelf()) {
        return;
    }
}
