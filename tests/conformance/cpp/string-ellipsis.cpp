#include <cstdlib>
#include <string>

void run(const std::string &cmd) {
    // ruleid: conformance.cpp.string-ellipsis
    system("ls -l");
    // ruleid: conformance.cpp.string-ellipsis
    system(
        "whoami");
    // ok: conformance.cpp.string-ellipsis
    system(cmd.c_str());
    // ok: conformance.cpp.string-ellipsis
    std::system((cmd + " -x").c_str());
}
