import java.sql.Statement

fun q(stmt: Statement, sql: String, id: String) {
    // ruleid: conformance.kotlin.string-ellipsis
    stmt.executeQuery("SELECT * FROM users")
    // ruleid: conformance.kotlin.string-ellipsis
    stmt.executeQuery("")
    // ok: conformance.kotlin.string-ellipsis
    stmt.executeQuery(sql)
    // ok: conformance.kotlin.string-ellipsis
    stmt.executeQuery("SELECT * FROM t WHERE id = " + id)
}
