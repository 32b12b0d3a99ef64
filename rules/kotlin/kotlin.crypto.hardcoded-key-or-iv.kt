import java.security.SecureRandom
import javax.crypto.spec.GCMParameterSpec
import javax.crypto.spec.IvParameterSpec
import javax.crypto.spec.SecretKeySpec

fun bad() {
    // ruleid: kotlin.crypto.hardcoded-key-or-iv
    val key = SecretKeySpec("0123456789abcdef".toByteArray(), "AES")
    // ruleid: kotlin.crypto.hardcoded-key-or-iv
    val iv = IvParameterSpec(ByteArray(16))
    // ruleid: kotlin.crypto.hardcoded-key-or-iv
    val iv2 = IvParameterSpec(byteArrayOf(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16))
}

fun good(keyBytes: ByteArray) {
    val nonce = ByteArray(12).also { SecureRandom().nextBytes(it) }
    // ok: kotlin.crypto.hardcoded-key-or-iv
    val spec = GCMParameterSpec(128, nonce)
    // ok: kotlin.crypto.hardcoded-key-or-iv
    val key = SecretKeySpec(keyBytes, "AES")
}
