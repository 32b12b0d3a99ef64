#include <stdio.h>
#include <stdlib.h>
#include <limits.h>

void print_int(int v);

void bad_sub(void) {
    int data = 0;
    char buf[32];
    if (fgets(buf, sizeof buf, stdin) != NULL) {
        data = atoi(buf);
    }
    // ruleid: c.integer.underflow-taint
    int result = data - 1;
    print_int(result);
}

void bad_min(void) {
    int data = INT_MIN;
    // ruleid: c.integer.underflow-taint
    --data;
    print_int(data);
}

void good_checked(void) {
    int data = 0;
    fscanf(stdin, "%d", &data);
    if (data > INT_MIN) {
        // ok: c.integer.underflow-taint
        int result = data - 1;
        print_int(result);
    }
}

void good_constant(void) {
    int data = -2;
    // ok: c.integer.underflow-taint
    print_int(data - 1);
}

void good_positive_before_decrement(void) {
    unsigned int data = 0;
    fscanf(stdin, "%u", &data);
    if (data > 0) {
        // ok: c.integer.underflow-taint
        print_int(data - 1);
    }
}

void bad_non_negative_is_not_enough(void) {
    unsigned int data = 0;
    fscanf(stdin, "%u", &data);
    if (data >= 0) {
        // ruleid: c.integer.underflow-taint
        print_int(data - 1);
    }
}
