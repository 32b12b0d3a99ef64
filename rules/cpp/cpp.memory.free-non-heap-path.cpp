void local() {
    int x = 0;
    int *p = &x;
    // ruleid: cpp.memory.free-non-heap-path
    delete p;
}

void array() {
    char buf[8];
    // ruleid: cpp.memory.free-non-heap-path
    delete[] buf;
}

void heap() {
    char *p = new char[8];
    // ok: cpp.memory.free-non-heap-path
    delete[] p;
}
