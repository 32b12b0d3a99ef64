int read_unsafe (int x);
int check_unsafe (int x);
int unsafe_read (int x);

int use(int v) {
    // ruleid: conformance.c.not-regex-safe-suffix
    int a = read_unsafe(v);
    // ok: conformance.c.not-regex-safe-suffix
    int b = check_unsafe(v);
    // ok: conformance.c.not-regex-safe-suffix
    int c = unsafe_read(v);
    // ruleid: conformance.c.not-regex-safe-suffix
    return a + b + c + read_unsafe(1);
}
