import java.sql.Statement;
import javax.servlet.http.HttpServletRequest;

public class DeepExprRequestParam {
    void run(Statement stmt, HttpServletRequest req, String safe) throws Exception {
        // ruleid: conformance.java.deep-expr-request-param
        stmt.executeQuery(req.getParameter("q"));
        // ruleid: conformance.java.deep-expr-request-param
        stmt.executeQuery("SELECT * FROM t WHERE id = " + req.getParameter("id"));
        // ruleid: conformance.java.deep-expr-request-param
        stmt.executeQuery(String.format("%s", req.getParameter("n").trim()));
        // ok: conformance.java.deep-expr-request-param
        stmt.executeQuery("SELECT * FROM t WHERE id = " + safe);
        // ok: conformance.java.deep-expr-request-param
        stmt.executeQuery(req.getHeader("x"));
    }
}
