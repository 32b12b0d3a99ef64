// File checksum helper for the demo shop (deliberately vulnerable).
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

public class Checksum {
    public static byte[] weak(byte[] data) throws NoSuchAlgorithmException {
        // VULNERABLE: MD5 is collision-prone
        MessageDigest md = MessageDigest.getInstance("MD5");
        return md.digest(data);
    }

    public static byte[] strong(byte[] data) throws NoSuchAlgorithmException {
        // safe: SHA-256
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    public static void unpack() throws IOException {
        // VULNERABLE: command string built from an environment variable
        String archive = System.getenv("ARCHIVE");
        Runtime.getRuntime().exec("tar xzf " + archive);
        // safe: constant command
        Runtime.getRuntime().exec("sync");
    }
}
