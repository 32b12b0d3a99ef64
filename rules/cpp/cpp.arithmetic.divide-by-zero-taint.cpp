#include <cstdio>
#include <cstdlib>
#include <climits>
#include <math.h>

void print_int(int v);

void bad_input(void) {
    int data = 0;
    fscanf(stdin, "%d", &data);
    // ruleid: cpp.arithmetic.divide-by-zero-taint
    print_int(100 / data);
}

void bad_rand(void) {
    int data = rand();
    // ruleid: cpp.arithmetic.divide-by-zero-taint
    print_int(100 % data);
}

void good_checked(void) {
    int data = 0;
    fscanf(stdin, "%d", &data);
    if (data != 0) {
        // ok: cpp.arithmetic.divide-by-zero-taint
        print_int(100 / data);
    }
}

void good_float(void) {
    float data = (float)rand();
    if (fabs(data) > 0.000001) {
        // ok: cpp.arithmetic.divide-by-zero-taint
        print_int((int)(100.0 / data));
    }
}

void good_constant(void) {
    int data = 7;
    // ok: cpp.arithmetic.divide-by-zero-taint
    print_int(100 / data);
}
