import java.security.KeyPairGenerator

fun gen(g: KeyPairGenerator, bits: Int) {
    // ruleid: conformance.kotlin.metavar-comparison-keysize
    g.initialize(512)
    // ruleid: conformance.kotlin.metavar-comparison-keysize
    g.initialize(1024)
    // ok: conformance.kotlin.metavar-comparison-keysize
    g.initialize(2048)
    // ok: conformance.kotlin.metavar-comparison-keysize
    g.initialize(bits)
}
