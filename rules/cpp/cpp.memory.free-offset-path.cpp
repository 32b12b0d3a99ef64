void moved() {
    char *p = new char[8];
    p += 2;
    // ruleid: cpp.memory.free-offset-path
    delete[] p;
}

void start_kept() {
    char *p = new char[8];
    char *q = p + 2;
    *q = 0;
    // ok: cpp.memory.free-offset-path
    delete[] p;
}
