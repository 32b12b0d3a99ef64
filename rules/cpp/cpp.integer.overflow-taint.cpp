#include <cstdio>
#include <cstdlib>
#include <climits>

void print_int(int v);

void bad_add(void) {
    int data = 0;
    fscanf(stdin, "%d", &data);
    // ruleid: cpp.integer.overflow-taint
    int result = data + 1;
    print_int(result);
}

void bad_max(void) {
    short data = SHRT_MAX;
    // ruleid: cpp.integer.overflow-taint
    data++;
    print_int(data);
}

void bad_rand(void) {
    unsigned int data = (unsigned int)rand();
    // ruleid: cpp.integer.overflow-taint
    print_int(data * data);
}

void good_checked(void) {
    int data = 0;
    fscanf(stdin, "%d", &data);
    if (data < INT_MAX) {
        // ok: cpp.integer.overflow-taint
        int result = data + 1;
        print_int(result);
    }
}

void good_constant(void) {
    int data = 2;
    // ok: cpp.integer.overflow-taint
    int result = data + 1;
    print_int(result);
}
