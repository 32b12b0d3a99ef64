#include <cstdio>
#include <cstdlib>
#include <string>

std::string temp_name() {
    char buf[L_tmpnam];
    // ruleid: cpp.unsafe.insecure-temp-file
    std::tmpnam(buf);
    char tmpl[] = "/tmp/cacheXXXXXX";
    // ruleid: cpp.unsafe.insecure-temp-file
    mktemp(tmpl);
    return std::string(buf) + tmpl;
}

int safe() {
    char tmpl[] = "/tmp/cacheXXXXXX";
    // ok: cpp.unsafe.insecure-temp-file
    int fd = mkstemp(tmpl);
    // ok: cpp.unsafe.insecure-temp-file
    std::FILE *f = std::tmpfile();
    (void)f;
    return fd;
}
