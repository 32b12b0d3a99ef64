import java.security.KeyPairGenerator

fun keys() {
    val kpg = KeyPairGenerator.getInstance("RSA")
    // ruleid: kotlin.crypto.weak-rsa-key-size
    kpg.initialize(1024)
    // ok: kotlin.crypto.weak-rsa-key-size
    kpg.initialize(3072)
    val ec = KeyPairGenerator.getInstance("EC")
    // ok: kotlin.crypto.weak-rsa-key-size
    ec.initialize(256)
}

fun dsa() {
    val g = KeyPairGenerator.getInstance("DSA")
    // ruleid: kotlin.crypto.weak-rsa-key-size
    g.initialize(512)
}
