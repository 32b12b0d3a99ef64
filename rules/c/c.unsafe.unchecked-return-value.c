#include <stdio.h>
#include <unistd.h>

int drop_and_read(char *line, int n, FILE *f) {
    // ruleid: c.unsafe.unchecked-return-value
    setuid(getuid());
    // ruleid: c.unsafe.unchecked-return-value
    fgets(line, n, stdin);
    // A failed write or close is in c.unsafe.unchecked-output-return-value (all pack).
    // ok: c.unsafe.unchecked-return-value
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
    // ok: c.unsafe.unchecked-return-value
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

int parse_size(const char *text, unsigned long *out);

int checked_later(const char *text, char *dir) {
    int got;
    // ok: c.unsafe.unchecked-return-value
    got =
        sscanf(text, "%d", &got);
    if (got != 1) {
        return -1;
    }
    // ok: c.unsafe.unchecked-return-value
    int rc = chdir(
        dir);
    // ok: c.unsafe.unchecked-return-value
    if (
        chroot(dir) != 0) {
        return -1;
    }
    // ok: c.unsafe.unchecked-return-value
    return setgid(
        getgid());
}

void unchecked_in_branches(char *line, int n, int flag) {
    if (flag)
        // ruleid: c.unsafe.unchecked-return-value
        fgets(line, n, stdin);
    else
        // ruleid: c.unsafe.unchecked-return-value
        setgid(getgid());
    switch (flag) {
    case 1:
        // ruleid: c.unsafe.unchecked-return-value
        setuid(getuid());
        // ruleid: c.unsafe.unchecked-return-value
        seteuid(getuid());
        // ruleid: c.unsafe.unchecked-return-value
        setegid(getgid());
        break;
    }
    // ruleid: c.unsafe.unchecked-return-value
    if (flag > 2) { chdir("/"); }
}

#define RENAME rename

void commit(const char *tmp, const char *path) {
    // ruleid: c.unsafe.unchecked-return-value
    rename(tmp, path);
    // ruleid: c.unsafe.unchecked-return-value
    RENAME(tmp, path);
}
