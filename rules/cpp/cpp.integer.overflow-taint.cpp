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

void bad_through_reference() {
    char data = ' ';
    char &alias = data;
    fscanf(stdin, "%c", &data);
    {
        char copy = alias;
        // ruleid: cpp.integer.overflow-taint
        print_int(copy * copy);
    }
}

void good_reference_to_constant() {
    int data = 2;
    int &alias = data;
    // ok: cpp.integer.overflow-taint
    print_int(alias * 2);
}

static void read_into(int &value) {
    fscanf(stdin, "%d", &value);
}

static void set_small(int &value) {
    value = 2;
}

void bad_through_reference_parameter() {
    int data = 0;
    read_into(data);
    // ruleid: cpp.integer.overflow-taint
    print_int(data * 2);
}

void good_reference_parameter_sets_constant() {
    int data = 0;
    set_small(data);
    // ok: cpp.integer.overflow-taint
    print_int(data * 2);
}
