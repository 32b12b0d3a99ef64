fun pick(n: Int): Double {
    // ruleid: conformance.kotlin.either-nested-patterns
    val r = java.util.Random()
    // ruleid: conformance.kotlin.either-nested-patterns
    val x = Math.random() * n
    // ok: conformance.kotlin.either-nested-patterns
    val y = Math.random() * 1
    // ok: conformance.kotlin.either-nested-patterns
    val s = java.security.SecureRandom()
    return r.nextDouble() + x + y + s.nextDouble()
}
