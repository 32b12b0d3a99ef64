public class SeqMvArgs {
    String render(String user, String password, String token) {
        // ruleid: conformance.java.seq-mv-args
        String a = String.format("%s:%s", user, password);
        // ruleid: conformance.java.seq-mv-args
        String b = String.format(password);
        // ok: conformance.java.seq-mv-args
        String c = String.format("%s:%s", password, user);
        // ok: conformance.java.seq-mv-args
        String d = String.format("%s:%s", user, token);
        return a + b + c + d;
    }
}
