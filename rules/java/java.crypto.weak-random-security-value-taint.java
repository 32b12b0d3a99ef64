import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

public class RememberMe {
    private static final Random JITTER = new Random();

    void weakCookie(HttpServletRequest request, HttpServletResponse response) {
        float rand = new java.util.Random().nextFloat();
        String key = Float.toString(rand).substring(2);
        // ruleid: java.crypto.weak-random-security-value-taint
        Cookie c = new Cookie("remember", key);
        response.addCookie(c);
        // ruleid: java.crypto.weak-random-security-value-taint
        request.getSession().setAttribute("remember", key);
    }

    void strongCookie(HttpServletRequest request, HttpServletResponse response) throws Exception {
        SecureRandom sr = SecureRandom.getInstance("SHA1PRNG");
        String key = Long.toString(sr.nextLong());
        // ok: java.crypto.weak-random-security-value-taint
        Cookie c = new Cookie("remember", key);
        response.addCookie(c);
        // ok: java.crypto.weak-random-security-value-taint
        request.getSession().setAttribute("remember", key);
    }

    void secureRandomDeclaredAsRandom(HttpServletResponse response) {
        Random r = new SecureRandom();
        // ok: java.crypto.weak-random-security-value-taint
        response.addCookie(new Cookie("id", Integer.toString(r.nextInt())));
    }

    void mathRandomSession(HttpSession session) {
        double value = Math.random();
        // ruleid: java.crypto.weak-random-security-value-taint
        session.setAttribute("csrf", Double.toString(value));
    }

    SecretKeySpec weakKey() {
        byte[] bytes = new byte[16];
        new Random().nextBytes(bytes);
        // ruleid: java.crypto.weak-random-security-value-taint
        return new SecretKeySpec(bytes, "AES");
    }

    IvParameterSpec strongIv() {
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(iv);
        // ok: java.crypto.weak-random-security-value-taint
        return new IvParameterSpec(iv);
    }

    String resetToken() {
        Random r = new Random();
        // ruleid: java.crypto.weak-random-security-value-taint
        return Long.toHexString(r.nextLong());
    }

    void tokenVariable(Account account) {
        // ruleid: java.crypto.weak-random-security-value-taint
        String token = Integer.toString(ThreadLocalRandom.current().nextInt());
        // ruleid: java.crypto.weak-random-security-value-taint
        account.setPassword(org.apache.commons.lang3.RandomStringUtils.randomAlphanumeric(12));
        // ruleid: java.crypto.weak-random-security-value-taint
        account.setPassword(RandomStringUtils.randomAlphanumeric(12));
        account.setName(token);
    }

    void notSecurityValues(java.util.List<String> items) throws Exception {
        // ok: java.crypto.weak-random-security-value-taint
        Thread.sleep(100 + JITTER.nextInt(50));
        // ok: java.crypto.weak-random-security-value-taint
        int index = JITTER.nextInt(items.size());
        // ok: java.crypto.weak-random-security-value-taint
        String sample = items.get(new Random().nextInt(items.size()));
        // ok: java.crypto.weak-random-security-value-taint
        java.util.Collections.shuffle(items, new Random(42));
    }

    String displayName() {
        // ok: java.crypto.weak-random-security-value-taint
        return "guest" + new Random().nextInt(1000);
    }
}

interface Account {
    void setPassword(String p);
    void setName(String n);
}
