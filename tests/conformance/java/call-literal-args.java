public class CallLiteralArgs {
    void quit(int code) {
        // ruleid: conformance.java.call-literal-args
        System.exit(1);
        // ok: conformance.java.call-literal-args
        System.exit(0);
        // ok: conformance.java.call-literal-args
        System.exit(code);
        // ok: conformance.java.call-literal-args
        Runtime.getRuntime().exit(1);
        // ruleid: conformance.java.call-literal-args
        System.exit(
            1);
    }
}
