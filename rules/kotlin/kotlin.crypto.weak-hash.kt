import java.security.MessageDigest
import org.apache.commons.codec.digest.DigestUtils

fun hashes(password: String, data: ByteArray): List<Any> {
    // ruleid: kotlin.crypto.weak-hash
    val a = MessageDigest.getInstance("MD5").digest(password.toByteArray())
    // ruleid: kotlin.crypto.weak-hash
    val b = MessageDigest.getInstance("SHA-1")
    // ruleid: kotlin.crypto.weak-hash
    val c = DigestUtils.md5Hex(data)
    // ok: kotlin.crypto.weak-hash
    val d = MessageDigest.getInstance("SHA-256").digest(data)
    // ok: kotlin.crypto.weak-hash
    val e = DigestUtils.sha256Hex(data)
    return listOf(a, b, c, d, e)
}
