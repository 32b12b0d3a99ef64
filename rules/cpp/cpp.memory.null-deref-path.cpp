struct Item { int id; };

void checked_null(Item *it) {
    if (it == nullptr) {
        // ruleid: cpp.memory.null-deref-path
        it->id = 0;
    }
}

void checked_non_null(Item *it) {
    if (it != nullptr) {
        // ok: cpp.memory.null-deref-path
        it->id = 0;
    }
}
