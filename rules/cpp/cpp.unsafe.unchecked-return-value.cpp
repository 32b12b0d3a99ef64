#include <cstdio>
#include <unistd.h>

int drop_and_read(char *line, int n, FILE *f) {
    // ruleid: cpp.unsafe.unchecked-return-value
    setuid(getuid());
    // ruleid: cpp.unsafe.unchecked-return-value
    std::fgets(line, n, stdin);
    // A failed write or close is in cpp.unsafe.unchecked-output-return-value (all pack).
    // ok: cpp.unsafe.unchecked-return-value
    std::fwrite(line, 1, n, f);
    // ok: cpp.unsafe.unchecked-return-value
    if (std::fgets(line, n, stdin) == nullptr) return -1;
    // ok: cpp.unsafe.unchecked-return-value
    size_t got = std::fread(line, 1, n, f);
    // ok: cpp.unsafe.unchecked-return-value
    (void)std::remove("/tmp/scratch");
    // ok: cpp.unsafe.unchecked-return-value
    printf("%zu\n", got);
    return 0;
}

void impersonate(void) {
    // ruleid: cpp.unsafe.unchecked-return-value
    ImpersonateSelf(SecurityImpersonation);
    // ok: cpp.unsafe.unchecked-return-value
    if (!RevertToSelf()) {
        return;
    }
}

int parse_size(const char *text, unsigned long *out);

int checked_later(const char *text, char *dir) {
    int got;
    // ok: cpp.unsafe.unchecked-return-value
    got =
        std::sscanf(text, "%d", &got);
    if (got != 1) {
        return -1;
    }
    // ok: cpp.unsafe.unchecked-return-value
    int rc = chdir(
        dir);
    // ok: cpp.unsafe.unchecked-return-value
    if (
        chroot(dir) != 0) {
        return -1;
    }
    // ok: cpp.unsafe.unchecked-return-value
    return setgid(
        getgid());
}

void unchecked_in_branches(char *line, int n, int flag) {
    if (flag)
        // ruleid: cpp.unsafe.unchecked-return-value
        std::fgets(line, n, stdin);
    else
        // ruleid: cpp.unsafe.unchecked-return-value
        setgid(getgid());
    switch (flag) {
    case 1:
        // ruleid: cpp.unsafe.unchecked-return-value
        setuid(getuid());
        // ruleid: cpp.unsafe.unchecked-return-value
        seteuid(getuid());
        // ruleid: cpp.unsafe.unchecked-return-value
        setegid(getgid());
        break;
    }
    // ruleid: cpp.unsafe.unchecked-return-value
    if (flag > 2) { chdir("/"); }
}

#define RENAME rename

void commit(const char *tmp, const char *path) {
    // ruleid: cpp.unsafe.unchecked-return-value
    rename(tmp, path);
    // ruleid: cpp.unsafe.unchecked-return-value
    RENAME(tmp, path);
}
