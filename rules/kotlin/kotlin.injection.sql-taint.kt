package com.example

import java.sql.Connection
import javax.persistence.EntityManager
import javax.servlet.http.HttpServletRequest
import org.springframework.jdbc.core.JdbcTemplate
import org.springframework.web.bind.annotation.*

class Filter {
    var column: String = "id"
    var direction: String = "ASC"
}

@RestController
class UserController(private val jdbc: JdbcTemplate, private val em: EntityManager, private val conn: Connection) {
    private var sort: String = "id"

    @GetMapping("/users")
    fun byName(@RequestParam name: String): List<Map<String, Any>> {
        // ruleid: kotlin.injection.sql-taint
        return jdbc.queryForList("SELECT * FROM users WHERE name = '" + name + "'")
    }

    @GetMapping("/users/{id}")
    fun byId(@PathVariable id: String, request: HttpServletRequest): Any? {
        val sql = "SELECT * FROM users WHERE id = $id"
        // ruleid: kotlin.injection.sql-taint
        return em.createNativeQuery(sql).singleResult
    }

    @GetMapping("/search")
    fun search(request: HttpServletRequest): Any {
        val term = request.getParameter("q")
        val stmt = conn.createStatement()
        // ruleid: kotlin.injection.sql-taint
        return stmt.executeQuery("SELECT * FROM items WHERE title LIKE '%${term}%'")
    }

    @GetMapping("/format")
    fun format(request: HttpServletRequest): Int {
        val t = request.getHeader("X-Table")
        // ruleid: kotlin.injection.sql-taint
        return jdbc.update(String.format("DELETE FROM %s", t))
    }

    @GetMapping("/sorted")
    fun sorted(request: HttpServletRequest): Any {
        this.sort = request.getParameter("sort")
        // ruleid: kotlin.injection.sql-taint
        return jdbc.queryForList("SELECT * FROM users ORDER BY " + this.sort)
    }

    @GetMapping("/filtered")
    fun filtered(request: HttpServletRequest): Any {
        val f = Filter()
        f.column = request.getParameter("col")
        // ruleid: kotlin.injection.sql-taint
        jdbc.queryForList("SELECT * FROM t ORDER BY " + f.column)
        // ok: kotlin.injection.sql-taint
        return jdbc.queryForList("SELECT * FROM t ORDER BY id " + f.direction)
    }

    @GetMapping("/bound")
    fun bound(@RequestParam name: String): Any {
        // ok: kotlin.injection.sql-taint
        return jdbc.queryForList("SELECT * FROM users WHERE name = ?", name)
    }

    @GetMapping("/prepared")
    fun prepared(@RequestParam name: String): Any {
        val ps = conn.prepareStatement("SELECT * FROM users WHERE name = ?")
        // ok: kotlin.injection.sql-taint
        ps.setString(1, name)
        return ps.executeQuery()
    }

    @GetMapping("/int")
    fun intId(@RequestParam id: String): Any {
        val n = Integer.parseInt(id)
        // ok: kotlin.injection.sql-taint
        return jdbc.queryForList("SELECT * FROM users WHERE id = " + n)
    }
}

fun fromList(conn: Connection, request: HttpServletRequest) {
    val conds = mutableListOf<String>()
    conds.add("name = '" + request.getParameter("n") + "'")
    // ruleid: kotlin.injection.sql-taint
    conn.createStatement().execute("SELECT * FROM t WHERE " + conds.joinToString(" AND "))
}

fun fromEnv(conn: Connection) {
    val table = System.getenv("TABLE")
    // ok: kotlin.injection.sql-taint
    conn.prepareStatement("SELECT * FROM $table")
}

fun deadBranch(conn: Connection, request: HttpServletRequest) {
    var table = "users"
    if (false) {
        table = request.getParameter("t")
    }
    // ok: kotlin.injection.sql-taint
    conn.createStatement().executeQuery("SELECT * FROM " + table)
}

fun overwritten(conn: Connection, request: HttpServletRequest) {
    var table = request.getParameter("t")
    table = "users"
    // ok: kotlin.injection.sql-taint
    conn.createStatement().executeQuery("SELECT * FROM " + table)
}

fun quoteIdent(s: String): String {
    return "\"" + s + "\""
}

fun throughHelper(conn: Connection, request: HttpServletRequest) {
    val t = quoteIdent(request.getParameter("t"))
    // ruleid: kotlin.injection.sql-taint
    conn.createStatement().executeQuery("SELECT * FROM " + t)
}

fun runQuery(conn: Connection, sql: String) {
    // ok: kotlin.injection.sql-taint
    conn.createStatement().executeUpdate(sql)
}

fun callsSink(conn: Connection) {
    runQuery(conn, "DROP TABLE " + readLine())
}

fun build(conn: Connection, cols: String, n: Int) {
    if (n == 0) {
        // ok: kotlin.injection.sql-taint
        conn.createStatement().executeQuery("SELECT $cols FROM t")
        return
    }
    build(conn, "$cols, x", n - 1)
}

fun startsRecursion(conn: Connection) {
    build(conn, System.getProperty("cols"), 2)
}
