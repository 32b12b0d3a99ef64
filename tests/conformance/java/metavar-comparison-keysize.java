import java.security.KeyPairGenerator;

public class MetavarComparisonKeysize {
    void gen(KeyPairGenerator g, int bits) {
        // ruleid: conformance.java.metavar-comparison-keysize
        g.initialize(512);
        // ruleid: conformance.java.metavar-comparison-keysize
        g.initialize(1024);
        // ok: conformance.java.metavar-comparison-keysize
        g.initialize(2048);
        // ok: conformance.java.metavar-comparison-keysize
        g.initialize(4096);
        // ok: conformance.java.metavar-comparison-keysize
        g.initialize(bits);
    }
}
