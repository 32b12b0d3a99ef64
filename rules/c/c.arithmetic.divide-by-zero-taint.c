#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <math.h>

void print_int(int v);

void bad_input(void) {
    int data = 0;
    fscanf(stdin, "%d", &data);
    // ruleid: c.arithmetic.divide-by-zero-taint
    print_int(100 / data);
}

void bad_rand(void) {
    int data = rand();
    // ruleid: c.arithmetic.divide-by-zero-taint
    print_int(100 % data);
}

void good_checked(void) {
    int data = 0;
    fscanf(stdin, "%d", &data);
    if (data != 0) {
        // ok: c.arithmetic.divide-by-zero-taint
        print_int(100 / data);
    }
}

void good_float(void) {
    float data = (float)rand();
    if (fabs(data) > 0.000001) {
        // ok: c.arithmetic.divide-by-zero-taint
        print_int((int)(100.0 / data));
    }
}

void good_constant(void) {
    int data = 7;
    // ok: c.arithmetic.divide-by-zero-taint
    print_int(100 / data);
}

void bad_read_checked_for_eof(void) {
    char line[32] = "";
    int data = -1;
    if (fgets(line, sizeof line, stdin) != NULL) {
        data = atoi(line);
    }
    // ruleid: c.arithmetic.divide-by-zero-taint
    print_int(100 / data);
}
