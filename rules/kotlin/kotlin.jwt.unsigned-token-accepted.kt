import com.auth0.jwt.JWT
import com.auth0.jwt.algorithms.Algorithm
import io.jsonwebtoken.Jwts

fun issue(user: String): String {
    // ruleid: kotlin.jwt.unsigned-token-accepted
    return JWT.create().withSubject(user).sign(Algorithm.none())
}

fun read(token: String, key: java.security.Key): Any {
    // ruleid: kotlin.jwt.unsigned-token-accepted
    return Jwts.parser().setSigningKey(key).parseClaimsJwt(token).body
}

fun good(token: String, key: javax.crypto.SecretKey, secret: ByteArray): List<Any> {
    // ok: kotlin.jwt.unsigned-token-accepted
    val a = Jwts.parser().verifyWith(key).build().parseSignedClaims(token).payload
    // ok: kotlin.jwt.unsigned-token-accepted
    val b = JWT.create().withSubject("u").sign(Algorithm.HMAC256(secret))
    return listOf(a, b)
}
