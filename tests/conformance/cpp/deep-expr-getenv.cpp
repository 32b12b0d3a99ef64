#include <cstdlib>
#include <string>

void run(const std::string &safe) {
    // ruleid: conformance.cpp.deep-expr-getenv
    system(getenv("CMD"));
    // ruleid: conformance.cpp.deep-expr-getenv
    system((std::string("ls ") + getenv("DIR")).c_str());
    // ok: conformance.cpp.deep-expr-getenv
    system(safe.c_str());
    // ok: conformance.cpp.deep-expr-getenv
    system("ls");
}
