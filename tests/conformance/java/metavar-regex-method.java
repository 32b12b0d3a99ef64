import java.security.MessageDigest;
import java.security.Signature;
import javax.crypto.Cipher;

public class MetavarRegexMethod {
    void init(String alg) throws Exception {
        // ruleid: conformance.java.metavar-regex-method
        MessageDigest a = MessageDigest.getInstance(alg);
        // ruleid: conformance.java.metavar-regex-method
        Signature b = Signature.getInstance(alg);
        // ok: conformance.java.metavar-regex-method
        Cipher c = Cipher.getInstance(alg);
        // ok: conformance.java.metavar-regex-method
        MessageDigest d = MessageDigest.getInstance(alg, "BC");
    }
}
