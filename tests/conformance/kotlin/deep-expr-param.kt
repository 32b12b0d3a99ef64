import java.sql.Statement
import javax.servlet.http.HttpServletRequest

fun q(stmt: Statement, req: HttpServletRequest, safe: String) {
    // ruleid: conformance.kotlin.deep-expr-param
    stmt.executeQuery(req.getParameter("q"))
    // ruleid: conformance.kotlin.deep-expr-param
    stmt.executeQuery("SELECT * FROM t WHERE id = " + req.getParameter("id"))
    // ok: conformance.kotlin.deep-expr-param
    stmt.executeQuery("SELECT * FROM t WHERE id = " + safe)
    // ok: conformance.kotlin.deep-expr-param
    stmt.executeQuery(req.getHeader("x"))
}
