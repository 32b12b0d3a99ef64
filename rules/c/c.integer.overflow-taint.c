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

void bad_read_over_a_constant(void) {
    int data = 0;
    /* the read replaces the 0, so the branch below is live */
    fscanf(stdin, "%d", &data);
    if (data > 0) {
        // ruleid: c.integer.overflow-taint
        print_int(data * 2);
    }
}

void good_negative_checked_against_min(void) {
    int data = 0;
    fscanf(stdin, "%d", &data);
    if (data < 0 && data > INT_MIN / 2) {
        // ok: c.integer.overflow-taint
        print_int(data * 2);
    }
}

void bad_through_pointer_alias(void) {
    int data = 0;
    int *writer = &data;
    int *reader = &data;
    {
        int local = rand();
        *writer = local;
    }
    {
        int copy = *reader;
        // ruleid: c.integer.overflow-taint
        print_int(copy + 1);
    }
}

typedef union {
    int asSigned;
    int asOther;
} both_views;

void bad_through_union(void) {
    int data = rand();
    both_views view;
    view.asSigned = data;
    int other = view.asOther;
    // ruleid: c.integer.overflow-taint
    print_int(other + 1);
}

static void add_one(int value) {
    // ruleid: c.integer.overflow-taint
    print_int(value + 1);
}

static void add_two(int value) {
    // ok: c.integer.overflow-taint
    print_int(value + 2);
}

void bad_through_function_pointer(void) {
    void (*sink)(int) = add_one;
    void (*other)(int) = add_two;
    sink(rand());
    other(2);
}

static void fill_random(int *out) {
    *out = rand();
}

static void fill_constant(int *out) {
    *out = 7;
}

void bad_through_out_pointer(void) {
    int n = 0;
    fill_random(&n);
    // ruleid: c.integer.overflow-taint
    print_int(n + 1);
}

void good_out_pointer_constant(void) {
    int n = 0;
    fill_constant(&n);
    // ok: c.integer.overflow-taint
    print_int(n + 1);
}
