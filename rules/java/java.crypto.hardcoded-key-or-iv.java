import java.security.SecureRandom;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

public class Keys {
    void bad() throws Exception {
        // ruleid: java.crypto.hardcoded-key-or-iv
        SecretKeySpec key = new SecretKeySpec("0123456789abcdef".getBytes("UTF-8"), "AES");
        // ruleid: java.crypto.hardcoded-key-or-iv
        IvParameterSpec zero = new IvParameterSpec(new byte[16]);
        byte[] iv = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
        // ruleid: java.crypto.hardcoded-key-or-iv
        IvParameterSpec spec = new IvParameterSpec(iv);
    }

    void good(byte[] keyBytes) throws Exception {
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        // ok: java.crypto.hardcoded-key-or-iv
        GCMParameterSpec spec = new GCMParameterSpec(128, iv);
        // ok: java.crypto.hardcoded-key-or-iv
        SecretKeySpec key = new SecretKeySpec(keyBytes, "AES");
    }

    void good2(SecureRandom random) throws Exception {
        byte[] iv = new byte[16];
        random.nextBytes(iv);
        // ok: java.crypto.hardcoded-key-or-iv
        IvParameterSpec spec = new IvParameterSpec(iv);
    }

    void notKeys() throws Exception {
        // ok: java.crypto.hardcoded-key-or-iv
        ByteSource source = new TestByteSource("hamburger\n".getBytes("US-ASCII"));
        // ok: java.crypto.hardcoded-key-or-iv
        ExpectedHashCode expected = new ExpectedHashCode(new byte[] {(byte) 0xcd, (byte) 0xab}, 0xabcd);
        // ruleid: java.crypto.hardcoded-key-or-iv
        javax.crypto.spec.IvParameterSpec fixed = new javax.crypto.spec.IvParameterSpec(new byte[] {1, 2, 3, 4});
        // ruleid: java.crypto.hardcoded-key-or-iv
        SecretKeySpec mac = new SecretKeySpec("secret key".getBytes("UTF-8"), "HmacSHA256");
    }
}

class FilledBuffers {
    SecretKeySpec readKey(java.io.DataInputStream in) throws Exception {
        byte[] key = new byte[32];
        in.readFully(key);
        // ok: java.crypto.hardcoded-key-or-iv
        return new SecretKeySpec(key, "AES");
    }

    IvParameterSpec copiedIv(byte[] message) {
        byte[] iv = new byte[16];
        System.arraycopy(message, 0, iv, 0, 16);
        // ok: java.crypto.hardcoded-key-or-iv
        return new IvParameterSpec(iv);
    }

    IvParameterSpec filledByLoop(byte[] seed) {
        byte[] iv = new byte[16];
        for (int i = 0; i < 16; i++) {
            iv[i] = seed[i];
        }
        // ok: java.crypto.hardcoded-key-or-iv
        return new IvParameterSpec(iv);
    }

    IvParameterSpec zeroIv() {
        byte[] iv = new byte[16];
        // ruleid: java.crypto.hardcoded-key-or-iv
        return new IvParameterSpec(iv);
    }
}
