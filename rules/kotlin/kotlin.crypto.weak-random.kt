import java.security.SecureRandom
import java.util.Random
import kotlin.random.Random as KRandom

fun tokens(): List<Any> {
    // ruleid: kotlin.crypto.weak-random
    val a = Random().nextLong()
    // ruleid: kotlin.crypto.weak-random
    val b = Math.random()
    // ruleid: kotlin.crypto.weak-random
    val c = kotlin.random.Random.nextInt(1000000)
    // ok: kotlin.crypto.weak-random
    val d = SecureRandom().nextLong()
    // ok: kotlin.crypto.weak-random
    val e = ByteArray(32).also { SecureRandom().nextBytes(it) }
    return listOf(a, b, c, d, e)
}
