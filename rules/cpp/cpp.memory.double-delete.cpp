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

struct Tree {
    Conn *left;
    Conn *right;
};

void release_tree(Tree *t) {
    delete t->left;
    delete t->right;
    // ok: cpp.memory.double-delete
    delete t;
}

void release_all(Conn **items, int n) {
    for (int i = 0; i < n; i++) {
        // ok: cpp.memory.double-delete
        delete items[i];
    }
    // ok: cpp.memory.double-delete
    delete[] items;
}

void fail_then_delete(Conn *c, bool failed) {
    if (failed) {
        delete c;
        std::abort();
    }
    // ok: cpp.memory.double-delete
    delete c;
}

void inspect(Conn **slot);

bool reopen(Conn **out);

void reopened(Conn *c) {
    delete c;
    reopen(&c);
    // ok: cpp.memory.double-delete
    delete c;
}
