struct node { int id; int code; };

int cmp(int a, int b, struct node *n, struct node *m) {
    // ruleid: conformance.c.metavar-repeat-eq
    if (a == a) {
        return 1;
    }
    // ruleid: conformance.c.metavar-repeat-eq
    int same = n->id == n->id;
    // ok: conformance.c.metavar-repeat-eq
    int diff = n->id == m->id;
    // ok: conformance.c.metavar-repeat-eq
    int ne = a != a;
    // ok: conformance.c.metavar-repeat-eq
    int two = a == b;
    return same + diff + ne + two;
}
