public class EllipsisArgsTrailing {
    void conf(java.util.Properties props, String value) {
        // ruleid: conformance.java.ellipsis-args-trailing
        props.setProperty("debug", "true");
        // ruleid: conformance.java.ellipsis-args-trailing
        System.setProperty("trace", "true");
        // ok: conformance.java.ellipsis-args-trailing
        props.setProperty("debug", "false");
        // ok: conformance.java.ellipsis-args-trailing
        props.setProperty("true", value);
        // ok: conformance.java.ellipsis-args-trailing
        props.setProperty("debug", value);
    }
}
