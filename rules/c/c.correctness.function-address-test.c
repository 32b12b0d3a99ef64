#include <stddef.h>

int init_tables(void);
int ready(void) { return 1; }

int start(void) {
    // ruleid: c.correctness.function-address-test
    if (init_tables == NULL)
        return -1;
    // ruleid: c.correctness.function-address-test
    if (!ready)
        return -2;
    // ok: c.correctness.function-address-test
    if (init_tables() == 0)
        return -3;
    return ready();
}

int (*hook)(void);

int run_hook(int (*cb)(void)) {
    // ok: c.correctness.function-address-test
    if (hook == NULL)
        return 0;
    // ok: c.correctness.function-address-test
    if (!cb)
        return 0;
    return hook() + cb();
}
