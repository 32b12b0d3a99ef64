struct Conn { int fd; };

void twice(Conn *c, bool failed) {
    delete c;
    if (failed) {
        // ruleid: cpp.memory.double-delete
        delete c;
    }
}

void arrays(char *buf) {
    delete[] buf;
    // ruleid: cpp.memory.double-delete
    delete[] buf;
}

void reset(Conn *c) {
    // ok: cpp.memory.double-delete
    delete c;
    c = new Conn{3};
    // ok: cpp.memory.double-delete
    delete c;
}

void two(Conn *a, Conn *b) {
    // ok: cpp.memory.double-delete
    delete a;
    // ok: cpp.memory.double-delete
    delete b;
}
