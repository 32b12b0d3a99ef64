class Log {
    fun info(s: String) {}
}

fun audit(log: Log, user: String, password: String) {
    // ruleid: conformance.kotlin.metavar-receiver-method
    log.info(password)
    // ruleid: conformance.kotlin.metavar-receiver-method
    System.out.println(password)
    // ok: conformance.kotlin.metavar-receiver-method
    log.info(user)
    // ok: conformance.kotlin.metavar-receiver-method
    println(password)
}
