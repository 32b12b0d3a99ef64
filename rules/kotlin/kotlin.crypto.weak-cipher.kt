import javax.crypto.Cipher

fun ciphers(): List<Cipher> {
    // ruleid: kotlin.crypto.weak-cipher
    val a = Cipher.getInstance("DESede/CBC/PKCS5Padding")
    // ruleid: kotlin.crypto.weak-cipher
    val b = Cipher.getInstance("AES/ECB/PKCS5Padding")
    // ok: kotlin.crypto.weak-cipher
    val c = Cipher.getInstance("AES")
    // ok: kotlin.crypto.weak-cipher
    val d = Cipher.getInstance("AES/GCM/NoPadding")
    // ok: kotlin.crypto.weak-cipher
    val e = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding")
    return listOf(a, b, c, d, e)
}
