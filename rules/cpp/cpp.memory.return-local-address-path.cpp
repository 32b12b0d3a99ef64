#include <string>

const char *dangling() {
    char buf[8] = "abc";
    // ruleid: cpp.memory.return-local-address-path
    return buf;
}

std::string by_value() {
    char buf[8] = "abc";
    // ok: cpp.memory.return-local-address-path
    return std::string(buf);
}

int *member_of_a_static() {
    static int counter = 0;
    // ok: cpp.memory.return-local-address-path
    return &counter;
}
