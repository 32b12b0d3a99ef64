import java.sql.Connection
import java.sql.Statement

fun find(conn: Connection, stmt: Statement, name: String, id: Int) {
    // ruleid: kotlin.injection.sql-string-building
    val rs = stmt.executeQuery("SELECT * FROM users WHERE name = '$name'")
    // ruleid: kotlin.injection.sql-string-building
    stmt.executeUpdate("DELETE FROM users WHERE id = " + id)
    val q = "UPDATE users SET active = 0 WHERE name = '${name.trim()}'"
    // ruleid: kotlin.injection.sql-string-building
    stmt.execute(q)
    // ruleid: kotlin.injection.sql-string-building
    db.rawQuery("SELECT * FROM notes WHERE owner = '" + name + "'", null)
}

fun safe(conn: Connection, stmt: Statement, name: String) {
    // ok: kotlin.injection.sql-string-building
    val ps = conn.prepareStatement("SELECT * FROM users WHERE name = ?")
    ps.setString(1, name)
    // ok: kotlin.injection.sql-string-building
    stmt.executeQuery("SELECT count(*) FROM users")
    val fixed = "SELECT 1"
    // ok: kotlin.injection.sql-string-building
    stmt.execute(fixed)
}
