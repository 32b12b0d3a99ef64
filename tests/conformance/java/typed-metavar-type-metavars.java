import java.util.Map;

class Vault {
    private Map<String, Secret> byName;

    void store(Map<String, Secret> local, Map<String, String> plain, String k, Secret s) {
        // ruleid: conformance.java.typed-metavar-type-metavars
        local.put(k, s);
        // ruleid: conformance.java.typed-metavar-type-metavars
        this.byName.put(k, s);
        // ok: conformance.java.typed-metavar-type-metavars
        plain.put(k, "x");
    }
}
