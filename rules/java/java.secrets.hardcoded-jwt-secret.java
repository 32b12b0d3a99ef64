import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

public class JwtKeys {
    String issue(String user) {
        // ruleid: java.secrets.hardcoded-jwt-secret
        return JWT.create().withSubject(user).sign(Algorithm.HMAC256("change-me"));
    }

    Object parse(String token) {
        // ruleid: java.secrets.hardcoded-jwt-secret
        return Jwts.parser().verifyWith(Keys.hmacShaKeyFor("0123456789abcdef0123456789abcdef".getBytes())).build().parse(token);
    }

    String good(String user, String secret) {
        // ok: java.secrets.hardcoded-jwt-secret
        return JWT.create().withSubject(user).sign(Algorithm.HMAC256(System.getenv("JWT_SECRET")));
    }

    Object good2(String token, byte[] key) {
        // ok: java.secrets.hardcoded-jwt-secret
        return Jwts.parser().verifyWith(Keys.hmacShaKeyFor(key)).build().parse(token);
    }
}
