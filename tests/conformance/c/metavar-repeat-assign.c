struct point { int x; int y; };

void set(struct point *p, int x, int y) {
    // ruleid: conformance.c.metavar-repeat-assign
    p->x = p->x;
    // ok: conformance.c.metavar-repeat-assign
    p->y = y;
    // ruleid: conformance.c.metavar-repeat-assign
    x = x;
    // ok: conformance.c.metavar-repeat-assign
    y = x;
}
