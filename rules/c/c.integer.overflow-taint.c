#include <stdio.h>
#include <stdlib.h>
#include <limits.h>

void print_int(int v);

void bad_add(void) {
    int data = 0;
    fscanf(stdin, "%d", &data);
    // ruleid: c.integer.overflow-taint
    int result = data + 1;
    print_int(result);
}

void bad_max(void) {
    short data = SHRT_MAX;
    // ruleid: c.integer.overflow-taint
    data++;
    print_int(data);
}

void bad_rand(void) {
    unsigned int data = (unsigned int)rand();
    // ruleid: c.integer.overflow-taint
    print_int(data * data);
}

void good_checked(void) {
    int data = 0;
    fscanf(stdin, "%d", &data);
    if (data < INT_MAX) {
        // ok: c.integer.overflow-taint
        int result = data + 1;
        print_int(result);
    }
}

void good_constant(void) {
    int data = 2;
    // ok: c.integer.overflow-taint
    int result = data + 1;
    print_int(result);
}
