import java.sql.DriverManager

fun connect(url: String, ds: HikariDataSource) {
    // ruleid: kotlin.secrets.hardcoded-password
    val a = DriverManager.getConnection(url, "app", "s3cr3t!")
    // ruleid: kotlin.secrets.hardcoded-password
    ds.password = "hunter2"
    // ok: kotlin.secrets.hardcoded-password
    val b = DriverManager.getConnection(url, "app", System.getenv("DB_PASSWORD"))
    // ok: kotlin.secrets.hardcoded-password
    ds.password = ""
    // ok: kotlin.secrets.hardcoded-password
    ds.password = "${'$'}{DB_PASSWORD}"
}
