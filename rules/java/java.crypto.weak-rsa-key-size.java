import java.security.KeyPairGenerator;
import java.security.SecureRandom;

public class Gen {
    void weak() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        // ruleid: java.crypto.weak-rsa-key-size
        kpg.initialize(1024);
        KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
        // ruleid: java.crypto.weak-rsa-key-size
        dsa.initialize(512, new SecureRandom());
    }

    void strong() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        // ok: java.crypto.weak-rsa-key-size
        kpg.initialize(3072);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        // ok: java.crypto.weak-rsa-key-size
        ec.initialize(256);
    }
}
