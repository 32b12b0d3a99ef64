import java.sql.Statement;

public class MetavarPatternConcat {
    void run(Statement stmt, String id, String q) throws Exception {
        // ruleid: conformance.java.metavar-pattern-concat
        stmt.execute("DELETE FROM t WHERE id = " + id);
        // ruleid: conformance.java.metavar-pattern-concat
        stmt.execute("SELECT " + q);
        // ok: conformance.java.metavar-pattern-concat
        stmt.execute(q);
        // ok: conformance.java.metavar-pattern-concat
        stmt.execute("SELECT 1");
        // ok: conformance.java.metavar-pattern-concat
        stmt.execute(q + "x");
    }
}
