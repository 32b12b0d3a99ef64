class P(val id: Int)

fun cmp(a: Int, b: Int, p: P, q: P): Boolean {
    // ruleid: conformance.kotlin.metavar-repeat-eq
    val s1 = a == a
    // ruleid: conformance.kotlin.metavar-repeat-eq
    val s2 = p.id == p.id
    // ok: conformance.kotlin.metavar-repeat-eq
    val d1 = p.id == q.id
    // ok: conformance.kotlin.metavar-repeat-eq
    val d2 = a == b
    // ok: conformance.kotlin.metavar-repeat-eq
    val d3 = a != a
    return s1 && s2 && d1 && d2 && d3
}
