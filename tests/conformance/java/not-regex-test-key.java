public class NotRegexTestKey {
    void keys() {
        String apiKey;
        // ruleid: conformance.java.not-regex-test-key
        apiKey = "live_abc123";
        // ok: conformance.java.not-regex-test-key
        apiKey = "test_abc123";
        // ruleid: conformance.java.not-regex-test-key
        apiKey = "XYZ";
        // ok: conformance.java.not-regex-test-key
        apiKey = "";
    }
}
