import java.sql.Statement;

public class StringEllipsis {
    void run(Statement stmt, String sql, String id) throws Exception {
        // ruleid: conformance.java.string-ellipsis
        stmt.executeQuery("SELECT * FROM users");
        // ruleid: conformance.java.string-ellipsis
        stmt.executeQuery("");
        // ok: conformance.java.string-ellipsis
        stmt.executeQuery(sql);
        // ok: conformance.java.string-ellipsis
        stmt.executeQuery("SELECT * FROM t WHERE id = " + id);
        // ok: conformance.java.string-ellipsis
        stmt.executeUpdate("DELETE FROM t");
    }
}
