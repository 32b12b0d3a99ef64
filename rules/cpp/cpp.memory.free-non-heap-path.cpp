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

void constructed_in_a_local_buffer() {
    alignas(long) char storage[sizeof(long)];
    long *value = new (storage) long(7);
    // ruleid: cpp.memory.free-non-heap-path
    delete value;
}

void constructed_in_heap_storage() {
    char *storage = new char[sizeof(long)];
    long *value = new (storage) long(7);
    value->~long();
    // ok: cpp.memory.free-non-heap-path
    delete[] storage;
}
