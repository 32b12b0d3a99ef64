#include <cstdio>
#include <unistd.h>

int drop_and_read(char *line, int n, FILE *f) {
    // ruleid: cpp.unsafe.unchecked-return-value
    setuid(getuid());
    // ruleid: cpp.unsafe.unchecked-return-value
    std::fgets(line, n, stdin);
    // ruleid: cpp.unsafe.unchecked-return-value
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
