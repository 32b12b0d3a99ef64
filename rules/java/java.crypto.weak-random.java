import java.security.SecureRandom;
import java.util.Random;

public class Tokens {
    String token() {
        // ruleid: java.crypto.weak-random
        Random r = new Random();
        return Long.toHexString(r.nextLong());
    }

    int pin() {
        // ruleid: java.crypto.weak-random
        return (int) (Math.random() * 1000000);
    }

    String seeded(long seed) {
        // ruleid: java.crypto.weak-random
        return Integer.toString(new java.util.Random(seed).nextInt());
    }

    byte[] secure() {
        // ok: java.crypto.weak-random
        SecureRandom sr = new SecureRandom();
        byte[] b = new byte[16];
        // ok: java.crypto.weak-random
        sr.nextBytes(b);
        return b;
    }
}
