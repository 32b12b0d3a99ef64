import javax.crypto.Cipher;

public class PatternNotLiteral {
    void init(String alg) throws Exception {
        // ruleid: conformance.java.pattern-not-literal
        Cipher a = Cipher.getInstance("DES");
        // ruleid: conformance.java.pattern-not-literal
        Cipher b = Cipher.getInstance(alg);
        // ok: conformance.java.pattern-not-literal
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        // ok: conformance.java.pattern-not-literal
        Cipher d = Cipher.getInstance(alg, "BC");
    }
}
