int early_return(int fd) {
    // ruleid: cpp.memory.leak-path
    char *p = new char[64];
    if (fd < 0)
        return -1;
    delete[] p;
    return 0;
}

char *handed_back() {
    // ok: cpp.memory.leak-path
    char *p = new char[64];
    return p;
}
