class Db {
    fun rawQuery(q: String) {}
    fun execSQL(q: String) {}
    fun query(q: String) {}
}

fun q(db: Db, sql: String) {
    // ruleid: conformance.kotlin.metavar-regex-method
    db.rawQuery(sql)
    // ruleid: conformance.kotlin.metavar-regex-method
    db.execSQL(sql)
    // ok: conformance.kotlin.metavar-regex-method
    db.query(sql)
    // ok: conformance.kotlin.metavar-regex-method
    rawQuery(sql)
}

fun rawQuery(q: String) {}
