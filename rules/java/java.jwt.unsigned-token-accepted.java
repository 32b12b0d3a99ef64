import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;

public class Tokens {
    String issue(String user) {
        // ruleid: java.jwt.unsigned-token-accepted
        return JWT.create().withSubject(user).sign(Algorithm.none());
    }

    Claims read(String token, java.security.Key key) {
        // ruleid: java.jwt.unsigned-token-accepted
        return Jwts.parser().setSigningKey(key).parseClaimsJwt(token).getBody();
    }

    Claims good(String token, javax.crypto.SecretKey key) {
        // ok: java.jwt.unsigned-token-accepted
        return Jwts.parser().verifyWith(key).build().parseSignedClaims(token).getPayload();
    }

    String goodIssue(String user, byte[] secret) {
        // ok: java.jwt.unsigned-token-accepted
        return JWT.create().withSubject(user).sign(Algorithm.HMAC256(secret));
    }
}
