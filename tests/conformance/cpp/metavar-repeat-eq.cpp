struct Node { int id; int code; };

bool cmp(int a, int b, const Node &n, const Node &m) {
    // ruleid: conformance.cpp.metavar-repeat-eq
    bool s1 = a == a;
    // ruleid: conformance.cpp.metavar-repeat-eq
    bool s2 = n.id == n.id;
    // ok: conformance.cpp.metavar-repeat-eq
    bool d1 = n.id == m.id;
    // ok: conformance.cpp.metavar-repeat-eq
    bool d2 = a == b;
    // ok: conformance.cpp.metavar-repeat-eq
    bool d3 = a != a;
    return s1 && s2 && d1 && d2 && d3;
}
