import java.io.*;
import java.net.PasswordAuthentication;
import java.sql.*;
import javax.crypto.spec.SecretKeySpec;

class HardcodedCredentials {
    void literalPassword() throws Exception {
        String pw = "7e5tc4s3";
        // ruleid: java.secrets.hardcoded-credential-taint
        DriverManager.getConnection("jdbc:x", "root", pw);
    }

    void literalKey() throws Exception {
        String key = "23 ~j;asn!@#/>as";
        // ruleid: java.secrets.hardcoded-credential-taint
        SecretKeySpec spec = new SecretKeySpec(key.getBytes("UTF-8"), "AES");
    }

    char[] secret() {
        return "hunter2".toCharArray();
    }

    void throughHelper() {
        // todoruleid: java.secrets.hardcoded-credential-taint
        PasswordAuthentication a = new PasswordAuthentication("user", secret());
    }

    void fromInput() throws Exception {
        String pw = "";
        BufferedReader r = new BufferedReader(new InputStreamReader(System.in));
        pw = r.readLine();
        // ok: java.secrets.hardcoded-credential-taint
        DriverManager.getConnection("jdbc:x", "root", pw);
    }

    void fromEnvironment() throws Exception {
        // ok: java.secrets.hardcoded-credential-taint
        DriverManager.getConnection("jdbc:x", "root", System.getenv("DB_PASSWORD"));
    }

    void emptyPassword() throws Exception {
        // ok: java.secrets.hardcoded-credential-taint
        DriverManager.getConnection("jdbc:x", "root", "");
    }
}
