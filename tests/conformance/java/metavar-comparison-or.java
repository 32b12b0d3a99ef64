import java.net.ServerSocket;

public class MetavarComparisonOr {
    void open(int p) throws Exception {
        // ruleid: conformance.java.metavar-comparison-or
        new ServerSocket(80);
        // ruleid: conformance.java.metavar-comparison-or
        new ServerSocket(50000);
        // ok: conformance.java.metavar-comparison-or
        new ServerSocket(8080);
        // ok: conformance.java.metavar-comparison-or
        new ServerSocket(1024);
        // ok: conformance.java.metavar-comparison-or
        new ServerSocket(p);
    }
}
