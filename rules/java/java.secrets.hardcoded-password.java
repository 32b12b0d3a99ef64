import java.net.PasswordAuthentication;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.DriverManager;

public class Creds {
    Connection db(String url) throws Exception {
        // ruleid: java.secrets.hardcoded-password
        return DriverManager.getConnection(url, "app", "s3cr3t!");
    }

    PasswordAuthentication auth() {
        // ruleid: java.secrets.hardcoded-password
        return new PasswordAuthentication("proxy", "hunter2".toCharArray());
    }

    void keystore(KeyStore ks, InputStream in) throws Exception {
        // ruleid: java.secrets.hardcoded-password
        ks.load(in, "changeit".toCharArray());
    }

    Connection safe(String url, char[] pw) throws Exception {
        // ok: java.secrets.hardcoded-password
        ks.load(in, pw);
        // ok: java.secrets.hardcoded-password
        return DriverManager.getConnection(url, "app", System.getenv("DB_PASSWORD"));
    }

    Connection empty(String url) throws Exception {
        // ok: java.secrets.hardcoded-password
        return DriverManager.getConnection(url, "sa", "");
    }
}
