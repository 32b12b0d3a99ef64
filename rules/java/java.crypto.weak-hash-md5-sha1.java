import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.commons.codec.digest.DigestUtils;

public class Hashing {
    public byte[] legacy(byte[] data) throws NoSuchAlgorithmException {
        // ruleid: java.crypto.weak-hash-md5-sha1
        MessageDigest md = MessageDigest.getInstance("MD5");
        return md.digest(data);
    }

    public byte[] fingerprint(byte[] data) throws NoSuchAlgorithmException {
        // ruleid: java.crypto.weak-hash-md5-sha1
        return MessageDigest.getInstance("SHA-1").digest(data);
    }

    public String token(String password) {
        // ruleid: java.crypto.weak-hash-md5-sha1
        return DigestUtils.md5Hex(password);
    }

    public byte[] safe(byte[] data) throws NoSuchAlgorithmException {
        // ok: java.crypto.weak-hash-md5-sha1
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        // ok: java.crypto.weak-hash-md5-sha1
        String hex = DigestUtils.sha256Hex(data);
        // ok: java.crypto.weak-hash-md5-sha1
        MessageDigest sha3 = MessageDigest.getInstance("SHA3-512");
        return md.digest(data);
    }
}
