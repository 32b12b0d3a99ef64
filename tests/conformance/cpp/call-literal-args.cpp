#include <cstdlib>

void f(const char *v, const char *name) {
    // ruleid: conformance.cpp.call-literal-args
    setenv("LD_PRELOAD", v, 1);
    // ruleid: conformance.cpp.call-literal-args
    setenv("LD_PRELOAD", "/tmp/x.so", 1);
    // ok: conformance.cpp.call-literal-args
    setenv("LD_PRELOAD", v, 0);
    // ok: conformance.cpp.call-literal-args
    setenv(name, v, 1);
    // ok: conformance.cpp.call-literal-args
    unsetenv("LD_PRELOAD");
}
