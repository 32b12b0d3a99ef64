#include <cstdlib>
#include <cstring>

struct Node { int value; Node *next; };

void bad(std::size_t n) {
    int *v = static_cast<int *>(malloc(n * sizeof(int)));
    // ruleid: cpp.memory.unchecked-allocation
    v[0] = 42;
    Node *node = (Node *)malloc(sizeof(Node));
    // ruleid: cpp.memory.unchecked-allocation
    node->value = 1;
}

int good(std::size_t n) {
    int *v = static_cast<int *>(malloc(n * sizeof(int)));
    if (v == nullptr) {
        return -1;
    }
    // ok: cpp.memory.unchecked-allocation
    v[0] = 42;
    int *w = new int[n];
    // ok: cpp.memory.unchecked-allocation
    w[0] = 1;
    return 0;
}
