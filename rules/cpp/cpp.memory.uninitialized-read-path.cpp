#include <iostream>
#include <string>

int never_assigned() {
    long total;
    if (false)
        total = 3;
    // ruleid: cpp.memory.uninitialized-read-path
    return total + 1;
}

int read_from_a_stream() {
    int n;
    std::cin >> n;
    // ok: cpp.memory.uninitialized-read-path
    return n;
}

void filled_by_reference(int &out);

int filled_through_a_reference() {
    int n;
    filled_by_reference(n);
    // ok: cpp.memory.uninitialized-read-path
    return n;
}

size_t class_objects_are_constructed() {
    std::string s;
    // ok: cpp.memory.uninitialized-read-path
    return s.size();
}

double element_never_written() {
    double samples[8];
    samples[1] = 0.5;
    // ruleid: cpp.memory.uninitialized-read-path
    return samples[3];
}
