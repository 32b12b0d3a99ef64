import javax.crypto.Cipher;

public class Crypt {
    void legacy() throws Exception {
        // ruleid: java.crypto.weak-cipher
        Cipher a = Cipher.getInstance("DES");
        // ruleid: java.crypto.weak-cipher
        Cipher b = Cipher.getInstance("DESede/CBC/PKCS5Padding");
        // ok: java.crypto.weak-cipher
        Cipher c = Cipher.getInstance("AES");
        // ruleid: java.crypto.weak-cipher
        Cipher d = Cipher.getInstance("AES/ECB/PKCS5Padding", "BC");
        // ruleid: java.crypto.weak-cipher
        Cipher e = Cipher.getInstance("RC4");
    }

    void modern() throws Exception {
        // ok: java.crypto.weak-cipher
        Cipher a = Cipher.getInstance("AES/GCM/NoPadding");
        // ok: java.crypto.weak-cipher
        Cipher b = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
        // ok: java.crypto.weak-cipher
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
    }
}
