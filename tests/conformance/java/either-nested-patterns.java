public class EitherNestedPatterns {
    double pick(int n) {
        // ruleid: conformance.java.either-nested-patterns
        java.util.Random r = new java.util.Random();
        // ruleid: conformance.java.either-nested-patterns
        double x = Math.random() * n;
        // ok: conformance.java.either-nested-patterns
        double y = Math.random();
        // ok: conformance.java.either-nested-patterns
        java.security.SecureRandom s = new java.security.SecureRandom();
        // ok: conformance.java.either-nested-patterns
        double z = Math.abs(x);
        return r.nextInt() + x + y + s.nextInt() + z;
    }
}
