struct Node { int id; };

void deleted_then_used() {
    Node *n = new Node();
    delete n;
    // ruleid: cpp.memory.use-after-free-path
    n->id = 1;
}

void used_then_deleted() {
    Node *n = new Node();
    // ok: cpp.memory.use-after-free-path
    n->id = 1;
    delete n;
}
