import com.auth0.jwt.JWT
import com.auth0.jwt.algorithms.Algorithm
import io.jsonwebtoken.security.Keys

fun issue(user: String): String {
    // ruleid: kotlin.secrets.hardcoded-jwt-secret
    return JWT.create().withSubject(user).sign(Algorithm.HMAC256("change-me"))
}

fun key(): Any {
    // ruleid: kotlin.secrets.hardcoded-jwt-secret
    return Keys.hmacShaKeyFor("0123456789abcdef0123456789abcdef".toByteArray())
}

fun good(user: String, secret: ByteArray): List<Any> {
    // ok: kotlin.secrets.hardcoded-jwt-secret
    val a = JWT.create().withSubject(user).sign(Algorithm.HMAC256(System.getenv("JWT_SECRET")))
    // ok: kotlin.secrets.hardcoded-jwt-secret
    val b = Keys.hmacShaKeyFor(secret)
    return listOf(a, b)
}
