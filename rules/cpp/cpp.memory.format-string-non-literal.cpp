#include <cstdio>
#include <string>

void report(const std::string &msg, std::FILE *out, char *buf, std::size_t n) {
    // ruleid: cpp.memory.format-string-non-literal
    std::printf(msg.c_str());
    // ruleid: cpp.memory.format-string-non-literal
    fprintf(out, msg.c_str());
    // ruleid: cpp.memory.format-string-non-literal
    snprintf(buf, n, msg.data());
}

void safe(const std::string &msg, std::FILE *out, char *buf, std::size_t n) {
    // ok: cpp.memory.format-string-non-literal
    std::printf("%s\n", msg.c_str());
    // ok: cpp.memory.format-string-non-literal
    fprintf(out, "error: %s\n", msg.c_str());
    // ok: cpp.memory.format-string-non-literal
    snprintf(buf, n, "%zu", msg.size());
}
